-- Patient registry (PostgreSQL). Field encryption keys live in the KMS.
CREATE TABLE patients (
    id             BIGSERIAL PRIMARY KEY,
    mrn            TEXT  NOT NULL UNIQUE,
    full_name      TEXT  NOT NULL,
    ssn_ciphertext BYTEA,
    ssn_key_id     TEXT,
    ssn_last4      CHAR(4),
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE patient_contacts (
    patient_id  BIGINT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    kind        TEXT   NOT NULL CHECK (kind IN ('phone', 'email')),
    value       TEXT   NOT NULL,
    PRIMARY KEY (patient_id, kind)
);
