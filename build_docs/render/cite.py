"""Citation exports of a paper: BibTeX, RIS, CSL-JSON, APA and Chicago text."""
