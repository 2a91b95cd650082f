namespace Dispatch.Host.Records;

/// <summary>The schema scripts, in the store's portable dialect. Times are Unix milliseconds (BIGINT).</summary>
internal static class Schema
{
    public const string V1 = """
        CREATE TABLE incidents (
            id {identity},
            type_key TEXT NOT NULL,
            severity INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 4),
            lat DOUBLE PRECISION NOT NULL,
            lon DOUBLE PRECISION NOT NULL,
            command_authority TEXT NOT NULL,
            meeting_point TEXT NOT NULL,
            notes TEXT NOT NULL,
            offer_timeout_ms BIGINT NOT NULL CHECK (offer_timeout_ms > 0),
            state TEXT NOT NULL CHECK (state IN ('open', 'closed', 'cancelled')),
            created_at BIGINT NOT NULL,
            created_by TEXT NOT NULL,
            is_drill INTEGER NOT NULL CHECK (is_drill IN (0, 1)),
            ended_at BIGINT NULL
        );
        CREATE INDEX ix_incidents_state ON incidents (state);

        CREATE TABLE requirements (
            id {identity},
            incident_id BIGINT NOT NULL REFERENCES incidents (id),
            skill INTEGER NOT NULL,
            min_level INTEGER NOT NULL CHECK (min_level BETWEEN 1 AND 3),
            seats INTEGER NOT NULL CHECK (seats >= 0),
            filled INTEGER NOT NULL CHECK (filled >= 0 AND filled <= seats),
            radius_m DOUBLE PRECISION NOT NULL CHECK (radius_m > 0),
            current_min_level INTEGER NOT NULL CHECK (current_min_level BETWEEN 1 AND 3),
            escalation_step INTEGER NOT NULL CHECK (escalation_step >= 0)
        );
        CREATE INDEX ix_requirements_incident ON requirements (incident_id);

        CREATE TABLE offers (
            id {identity},
            incident_id BIGINT NOT NULL REFERENCES incidents (id),
            requirement_id BIGINT NOT NULL REFERENCES requirements (id),
            volunteer_id BIGINT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('pending', 'accepted', 'declined', 'expired', 'withdrawn')),
            sent_at BIGINT NOT NULL,
            expires_at BIGINT NOT NULL,
            acked_at BIGINT NULL,
            answered_at BIGINT NULL,
            risk_statement TEXT NOT NULL,
            meeting_point TEXT NOT NULL,
            window_from BIGINT NOT NULL,
            window_to BIGINT NOT NULL,
            score_json TEXT NULL,
            manual INTEGER NOT NULL CHECK (manual IN (0, 1)),
            manual_reason TEXT NULL,
            withdraw_reason TEXT NULL,
            decline_reason TEXT NULL
        );
        -- The claim: at most one pending offer per volunteer, so nobody is offered to two incidents at once.
        CREATE UNIQUE INDEX ux_offers_claim ON offers (volunteer_id) WHERE state = 'pending';
        CREATE INDEX ix_offers_requirement ON offers (requirement_id, state);
        CREATE INDEX ix_offers_incident ON offers (incident_id);
        CREATE INDEX ix_offers_pending_expiry ON offers (expires_at) WHERE state = 'pending';

        CREATE TABLE assignments (
            offer_id BIGINT NOT NULL PRIMARY KEY REFERENCES offers (id),
            incident_id BIGINT NOT NULL REFERENCES incidents (id),
            requirement_id BIGINT NOT NULL REFERENCES requirements (id),
            volunteer_id BIGINT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('accepted', 'en_route', 'on_scene', 'released', 'cancelled')),
            accepted_at BIGINT NOT NULL,
            en_route_at BIGINT NULL,
            on_scene_at BIGINT NULL,
            released_at BIGINT NULL
        );
        -- One active assignment per volunteer: double booking is impossible by construction.
        CREATE UNIQUE INDEX ux_assignments_active ON assignments (volunteer_id) WHERE state IN ('accepted', 'en_route', 'on_scene');
        CREATE INDEX ix_assignments_incident ON assignments (incident_id);

        CREATE TABLE volunteer_state (
            volunteer_id BIGINT NOT NULL PRIMARY KEY,
            duty TEXT NULL CHECK (duty IN ('off', 'on')),
            commitment TEXT NOT NULL CHECK (commitment IN ('free', 'offered', 'assigned')),
            lat DOUBLE PRECISION NULL,
            lon DOUBLE PRECISION NULL,
            located_at BIGINT NULL,
            resting_until BIGINT NULL,
            updated_at BIGINT NOT NULL
        );

        CREATE TABLE audit_events (
            id {identity},
            at BIGINT NOT NULL,
            actor TEXT NOT NULL,
            kind TEXT NOT NULL,
            incident_id BIGINT NULL,
            volunteer_id BIGINT NULL,
            offer_id BIGINT NULL,
            reason TEXT NOT NULL,
            payload TEXT NOT NULL
        );
        CREATE INDEX ix_audit_incident ON audit_events (incident_id, id);
        CREATE INDEX ix_audit_volunteer ON audit_events (volunteer_id, id);

        CREATE TABLE reviews (
            offer_id BIGINT NOT NULL PRIMARY KEY REFERENCES assignments (offer_id),
            commander_rating INTEGER NULL CHECK (commander_rating BETWEEN 1 AND 5),
            commander_comment TEXT NULL,
            volunteer_rating INTEGER NULL CHECK (volunteer_rating BETWEEN 1 AND 5),
            volunteer_comment TEXT NULL,
            reviewed_at BIGINT NOT NULL,
            reviewed_by TEXT NOT NULL
        );

        CREATE TABLE service_records (
            offer_id BIGINT NOT NULL PRIMARY KEY REFERENCES assignments (offer_id),
            volunteer_id BIGINT NOT NULL,
            incident_id BIGINT NOT NULL REFERENCES incidents (id),
            command_authority TEXT NOT NULL,
            incident_type TEXT NOT NULL,
            skill INTEGER NOT NULL,
            lat DOUBLE PRECISION NOT NULL,
            lon DOUBLE PRECISION NOT NULL,
            accepted_at BIGINT NOT NULL,
            on_scene_at BIGINT NULL,
            released_at BIGINT NOT NULL,
            counted_ms BIGINT NOT NULL,
            rule_version TEXT NOT NULL,
            leader TEXT NOT NULL,
            recorder TEXT NOT NULL,
            created_at BIGINT NOT NULL
        );
        CREATE INDEX ix_service_records_volunteer ON service_records (volunteer_id);

        CREATE TABLE ledger (
            id {identity},
            volunteer_id BIGINT NOT NULL,
            offer_id BIGINT NOT NULL UNIQUE REFERENCES assignments (offer_id),
            counted_ms BIGINT NOT NULL,
            points_centi BIGINT NOT NULL,
            hours_rule TEXT NOT NULL,
            points_rule TEXT NOT NULL,
            at BIGINT NOT NULL
        );
        CREATE INDEX ix_ledger_volunteer ON ledger (volunteer_id);
        """;
}
