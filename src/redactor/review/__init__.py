"""The local QA review page (`redactor review`)."""
