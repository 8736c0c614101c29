-- The 2025 reform: which generation of provincial units a report's province_code belongs to
-- ('63' = the units until 30/6/2025, '34' = the units from 1/7/2025; the new Lâm Đồng keeps
-- code 68), and the reporting template the report declares ('581' = Công văn 581/BNV-CCHC of
-- 2022, '4625' = Công văn 4625/BNV-CCHC of 02/7/2025). Null for rows loaded before.
alter table raw.document add column if not exists province_generation text;
alter table raw.document add column if not exists template text;
