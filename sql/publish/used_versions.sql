-- The highest version number of a county and period already taken: published here or pushed to the province
-- (a pushed version number must never be reused, even if this warehouse lost its publications).
SELECT greatest(
    coalesce((SELECT max(version) FROM audit.publications WHERE county_code = $county AND period = $period), 0),
    coalesce((SELECT max(version) FROM audit.pushes WHERE county_code = $county AND period = $period), 0)
)
