-- The user list says whether a person's records are under a retention hold (GDPR art. 17(3)(b): erasure is
-- refused meanwhile) and whether the person was erased, so an Admin sees both before acting. Written by the
-- identity-users projection from RetentionHoldPlaced/Lifted and UserErased; a replay rebuilds them.
ALTER TABLE read.identity_user
    ADD COLUMN retention_hold BOOLEAN NOT NULL DEFAULT FALSE,
    ADD COLUMN erased         BOOLEAN NOT NULL DEFAULT FALSE;
