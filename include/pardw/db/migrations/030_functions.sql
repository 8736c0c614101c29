-- pardw_meta.fold(text): lower-case ASCII form of Vietnamese text for matching
-- ('Tổng số hồ sơ TTHC' -> 'tong so ho so tthc'); immutable so it can be indexed.
create or replace function pardw_meta.fold(value text) returns text
language sql immutable parallel safe as $$
    select lower(translate(
        value,
        'àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ',
        'aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyydAAAAAAAAAAAAAAAAAEEEEEEEEEEEIIIIIOOOOOOOOOOOOOOOOOUUUUUUUUUUUYYYYYD'
    ))
$$;

-- pardw_meta.match_name(text): the folded name without parentheses, punctuation or extra spaces,
-- the form indicator names are matched on.
create or replace function pardw_meta.match_name(value text) returns text
language sql immutable parallel safe as $$
    select btrim(regexp_replace(regexp_replace(regexp_replace(
        pardw_meta.fold(value), '\([^)]*\)', ' ', 'g'), '[^a-z0-9%]+', ' ', 'g'), '\s+', ' ', 'g'))
$$;

grant usage on schema pardw_meta to pardw_transformer;
grant execute on all functions in schema pardw_meta to pardw_transformer;
