-- Which key wraps a person's key (envelope encryption): NULL for a key stored as it is (no wrapping key set, or
-- written before one was), 'kms' for a key encrypted by the AWS KMS key, 'aes-gcm:<fingerprint>' for one wrapped
-- by the wrapping key given to the services. A destroyed key has neither bytes nor wrapping.
ALTER TABLE privacy.subject_key ADD COLUMN wrapped_by TEXT;
