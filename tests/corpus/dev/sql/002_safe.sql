-- OAuth clients registered by partner integrations (MySQL 8).
CREATE TABLE oauth_clients (
    client_id      CHAR(32)     NOT NULL PRIMARY KEY,
    name           VARCHAR(120) NOT NULL,
    secret_sha256  BINARY(32)   NOT NULL,
    redirect_uri   VARCHAR(512) NOT NULL,
    scopes         VARCHAR(255) NOT NULL DEFAULT 'read',
    created_at     DATETIME     NOT NULL DEFAULT CURRENT_TIMESTAMP,
    revoked_at     DATETIME     NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE INDEX oauth_clients_name_idx ON oauth_clients (name);
