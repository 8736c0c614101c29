-- Issue 25: what a dashboard reader may know about the publication it is reading - when it was
-- published and which build (its id keys the dashboard's cache, so a new publication shows at
-- once), whether it was forced. One row (none before the first publication). Like
-- publication_status (095) it depends on pardw_meta only, never on the marts tables publication
-- replaces, and pardw_reader reads the view, not pardw_meta.
create schema if not exists marts;
create or replace view marts.latest_publication as
select
    md5(p.published_at::text || coalesce(p.build_fingerprint, '') || coalesce(p.run_id, '')) as publication_id,
    p.published_at,
    p.build_fingerprint,
    p.run_id,
    p.validation_status,
    p.forced,
    p.force_reason
from pardw_meta.publication as p
order by p.published_at desc
limit 1;

grant usage on schema marts to pardw_reader;
grant select on marts.latest_publication to pardw_reader;
