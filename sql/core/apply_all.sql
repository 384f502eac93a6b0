-- Applying newly loaded rows of staging.{source} when every version is kept (units): each one is current.
UPDATE staging.{source} SET current = true WHERE current IS NULL;
