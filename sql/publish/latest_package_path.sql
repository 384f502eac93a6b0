-- Where the latest published version of one period lives.
SELECT path FROM audit.publications WHERE period = ? ORDER BY version DESC LIMIT 1;
