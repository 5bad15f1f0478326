CREATE INDEX page_title ON page (title);
