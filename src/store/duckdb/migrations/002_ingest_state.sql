-- How far the ingest log has been applied. Exactly one row; the batch writer updates it in the
-- same transaction as the rows it appends, so a crash can never separate the two.
CREATE TABLE ingest_state (applied_seq BIGINT NOT NULL);
INSERT INTO ingest_state VALUES (0);
