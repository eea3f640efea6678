"""normreview: legality review and filing of normative documents and investment agreements."""
