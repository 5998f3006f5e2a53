"""Question-bank interoperability with Moodle: GIFT export/import and Moodle XML export."""
