-- TAP 1.1 §4.3: the deprecated "size" column must agree with a fixed arraysize (taplint E-TMS-TSSZ). Tables
-- registered before the metadata service filled it get it here.
UPDATE tap_schema.columns SET "size" = arraysize::integer WHERE arraysize ~ '^[0-9]+$' AND "size" IS NULL;
