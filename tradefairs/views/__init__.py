"""Views of the tradefairs app, by audience: ``public`` (sales point and fair pages) and ``staff``
(managing them, registering at a fair, recording results)."""
