-- Schema of the integration-service: the platform's mirror (workspaces, members, projects,
-- permissions), integrations with their encrypted secret, grants, the import manifest, the
-- kernel registry, transfers, the audit log and the transactional outbox for Kafka.

CREATE TABLE workspace (
    id          VARCHAR(64) PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    plan        VARCHAR(20)  NOT NULL CHECK (plan IN ('COMMUNITY', 'PROFESSIONAL', 'TEAM', 'ENTERPRISE')),
    updated_at  TIMESTAMPTZ  NOT NULL
);

CREATE TABLE workspace_member (
    workspace_id VARCHAR(64) NOT NULL REFERENCES workspace (id) ON DELETE CASCADE,
    user_id      VARCHAR(64) NOT NULL,
    role         VARCHAR(20) NOT NULL CHECK (role IN ('ADMIN', 'MANAGER', 'EDITOR', 'EXPLORER', 'VIEWER')),
    updated_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (workspace_id, user_id)
);

CREATE TABLE project (
    id           VARCHAR(64)  PRIMARY KEY,
    workspace_id VARCHAR(64)  NOT NULL REFERENCES workspace (id) ON DELETE CASCADE,
    name         VARCHAR(200) NOT NULL,
    updated_at   TIMESTAMPTZ  NOT NULL
);
CREATE INDEX project_workspace_idx ON project (workspace_id);

CREATE TABLE project_permission (
    project_id VARCHAR(64) NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    user_id    VARCHAR(64) NOT NULL,
    permission VARCHAR(20) NOT NULL CHECK (permission IN ('CAN_VIEW', 'CAN_EXPLORE', 'CAN_EDIT', 'FULL_ACCESS')),
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (project_id, user_id)
);

CREATE TABLE integration (
    id                   UUID         PRIMARY KEY,
    workspace_id         VARCHAR(64)  NOT NULL REFERENCES workspace (id) ON DELETE CASCADE,
    type                 VARCHAR(10)  NOT NULL CHECK (type IN ('s3')),
    name                 VARCHAR(100) NOT NULL,
    slug                 VARCHAR(100) NOT NULL,
    bucket               VARCHAR(63)  NOT NULL,
    region               VARCHAR(40)  NOT NULL,
    root_prefix          VARCHAR(512) NOT NULL DEFAULT '',
    endpoint             VARCHAR(512),
    path_style           BOOLEAN      NOT NULL DEFAULT FALSE,
    checksum_mode        VARCHAR(20)  NOT NULL CHECK (checksum_mode IN ('WHEN_SUPPORTED', 'WHEN_REQUIRED')),
    access_key_id        VARCHAR(128) NOT NULL,
    -- AES-256-GCM: 12-byte nonce followed by ciphertext and tag; never the plaintext.
    secret_ciphertext    BYTEA        NOT NULL,
    secret_key_id        VARCHAR(64)  NOT NULL,
    writeback            BOOLEAN      NOT NULL,
    created_by           VARCHAR(64)  NOT NULL,
    created_at           TIMESTAMPTZ  NOT NULL,
    updated_at           TIMESTAMPTZ  NOT NULL,
    version              BIGINT       NOT NULL,
    CONSTRAINT integration_slug_unique UNIQUE (workspace_id, slug)
);

CREATE TABLE access_grant (
    id             UUID        PRIMARY KEY,
    integration_id UUID        NOT NULL REFERENCES integration (id) ON DELETE CASCADE,
    -- NULL means the whole workspace.
    user_id        VARCHAR(64),
    granted_by     VARCHAR(64) NOT NULL,
    granted_at     TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX access_grant_user_unique ON access_grant (integration_id, user_id) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX access_grant_workspace_unique ON access_grant (integration_id) WHERE user_id IS NULL;

CREATE TABLE manifest_entry (
    id             UUID          PRIMARY KEY,
    project_id     VARCHAR(64)   NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    integration_id UUID          NOT NULL REFERENCES integration (id) ON DELETE CASCADE,
    object_key     VARCHAR(1024) NOT NULL,
    path           VARCHAR(1024) NOT NULL,
    imported_by    VARCHAR(64)   NOT NULL,
    imported_at    TIMESTAMPTZ   NOT NULL,
    size           BIGINT,
    etag           VARCHAR(200),
    version_id     VARCHAR(1024),
    sha256         VARCHAR(64),
    CONSTRAINT manifest_entry_unique UNIQUE (project_id, integration_id, object_key)
);

CREATE TABLE kernel (
    id             VARCHAR(64)   PRIMARY KEY,
    project_id     VARCHAR(64)   NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    user_id        VARCHAR(64)   NOT NULL,
    agent_url      VARCHAR(512)  NOT NULL,
    registered_at  TIMESTAMPTZ   NOT NULL,
    last_heartbeat TIMESTAMPTZ   NOT NULL
);
CREATE INDEX kernel_project_idx ON kernel (project_id);

CREATE TABLE transfer (
    id             UUID          PRIMARY KEY,
    kind           VARCHAR(10)   NOT NULL CHECK (kind IN ('IMPORT', 'RESTORE', 'EXPORT')),
    state          VARCHAR(10)   NOT NULL CHECK (state IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'SKIPPED')),
    project_id     VARCHAR(64)   NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    integration_id UUID          REFERENCES integration (id) ON DELETE SET NULL,
    kernel_id      VARCHAR(64),
    user_id        VARCHAR(64),
    object_key     VARCHAR(1024) NOT NULL,
    path           VARCHAR(1024) NOT NULL,
    bytes          BIGINT        NOT NULL DEFAULT 0,
    total_bytes    BIGINT,
    etag           VARCHAR(200),
    version_id     VARCHAR(1024),
    sha256         VARCHAR(64),
    error_code     VARCHAR(64),
    error_message  VARCHAR(1000),
    created_at     TIMESTAMPTZ   NOT NULL,
    updated_at     TIMESTAMPTZ   NOT NULL
);
CREATE INDEX transfer_project_idx ON transfer (project_id, created_at DESC);

CREATE TABLE audit_event (
    id           BIGSERIAL     PRIMARY KEY,
    occurred_at  TIMESTAMPTZ   NOT NULL,
    actor        VARCHAR(128)  NOT NULL,
    action       VARCHAR(64)   NOT NULL,
    workspace_id VARCHAR(64),
    target       VARCHAR(200),
    details      VARCHAR(4000)
);
CREATE INDEX audit_event_workspace_idx ON audit_event (workspace_id, id DESC);

-- Transactional outbox: events are written in the same transaction as the state they
-- describe, and a relay publishes them to Kafka, so a crash never loses or invents one.
CREATE TABLE outbox_event (
    id         BIGSERIAL    PRIMARY KEY,
    topic      VARCHAR(200) NOT NULL,
    event_key  VARCHAR(2000) NOT NULL,
    payload    TEXT         NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL
);
