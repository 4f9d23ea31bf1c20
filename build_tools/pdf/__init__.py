"""Stage 4: the PDF handbooks: what each holds, its HTML, and the WeasyPrint step."""
