"""Certificate views: staff (lists, inspections, revocation), PDFs and batch jobs, public verification."""
