-- Job rows and result bytes live in separate tables so that listing an owner's jobs never reads a result
-- (and TOAST never has to be touched for a list).
-- Text that the domain does not bound (type, input, error, content type, digest) is not bounded here either:
-- a length limit would be a silent business rule. Identifiers use the "C" collation: PageCursor orders ids with
-- String.compareTo, and a linguistic collation (en_US and friends) would order mixed-case ids differently, so
-- keyset pages would skip or repeat jobs.
CREATE TABLE jobs (
    id                  VARCHAR(64) COLLATE "C" NOT NULL,
    owner_id            VARCHAR(64) COLLATE "C" NOT NULL,
    type                TEXT                    NOT NULL,
    input               TEXT                    NOT NULL,
    status              VARCHAR(16)             NOT NULL,
    progress            INTEGER                 NOT NULL,
    created_at          TIMESTAMPTZ(6)          NOT NULL,
    updated_at          TIMESTAMPTZ(6)          NOT NULL,
    result_content_type TEXT,
    result_size_bytes   BIGINT,
    result_sha256       TEXT,
    result_uploaded_at  TIMESTAMPTZ(6),
    error               TEXT,
    CONSTRAINT jobs_pk PRIMARY KEY (id),
    CONSTRAINT jobs_status_known CHECK (status IN ('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED')),
    CONSTRAINT jobs_progress_percent CHECK (progress BETWEEN 0 AND 100)
);

-- Serve "an owner's jobs, newest first" and "... with this status" straight from an index, keyset-paged.
CREATE INDEX jobs_by_owner_newest ON jobs (owner_id, created_at DESC, id DESC);
CREATE INDEX jobs_by_owner_status_newest ON jobs (owner_id, status, created_at DESC, id DESC);

CREATE TABLE job_results (
    job_id  VARCHAR(64) COLLATE "C" NOT NULL,
    content BYTEA                   NOT NULL,
    CONSTRAINT job_results_pk PRIMARY KEY (job_id),
    CONSTRAINT job_results_job_fk FOREIGN KEY (job_id) REFERENCES jobs (id) ON DELETE CASCADE
);
