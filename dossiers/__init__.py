"""Evidence dossiers: calls for dossiers with their batches and quotas, dossiers and their documents, the
upload policy, the checklist, on-site attestation, commune assessment reports and the dossier ZIP."""
