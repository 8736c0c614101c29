-- One fold (issue 17): pardw_meta.fold(text) gives what pardw.parse.text.fold gives, so a name the
-- parser folds and the same name folded in dbt (pardw_meta.match_name) agree. Migration 030 translated
-- the Vietnamese letters only and kept marks and spaces as they were; this one, like the parser,
-- (1) folds every character of U+00C0-U+1EF9 whose decomposition is ASCII and marks: the Vietnamese
--     letters of 030 always, the other Latin letters with diacritics ('ç' -> 'c') when the text has
--     one (translate reads its whole list for every character: the long list on every name would
--     make the fold four times slower), and đ, Đ,
-- (2) deletes the combining marks up to U+1EF9 (text that was not NFC: 'a' + U+0301 is 'a', where
--     match_name made 'a' and a space of it),
-- (3) lower-cases, (4) folds runs of spaces, tabs and no-break spaces into one space, and
-- (5) trims whitespace at both ends (Python's str.strip: every Unicode whitespace character).
-- The lists of (1) (from -> to) and the marks of (2) are pardw.parse.text._fold_table() written out;
-- tests/db/test_fold.py checks that both folds agree on every character up to U+1EF9 and on every
-- province, unit and indicator name of the samples and seeds.
create or replace function pardw_meta.fold(value text) returns text
language sql immutable parallel safe as $$
    select btrim(
        regexp_replace(
            lower(translate(
                regexp_replace(
                    case
                        when value ~ ('[' || '\u00c4-\u00c5\u00c7\u00cb\u00ce-\u00cf\u00d1\u00d6'
                        || '\u00db-\u00dc\u00e4-\u00e5\u00e7\u00eb\u00ee-\u00ef\u00f1'
                        || '\u00f6\u00fb-\u00fc\u00ff-\u0101\u0104-\u010f\u0112-\u0125\u012a-\u0130'
                        || '\u0134-\u0137\u0139-\u013e\u0143-\u0148\u014c-\u0151\u0154-\u0165\u016a-\u017e'
                        || '\u01cd-\u01dc\u01de-\u01e1\u01e6-\u01ed\u01f0\u01f4-\u01f5\u01f8-\u01fb'
                        || '\u0200-\u021b\u021e-\u021f\u0226-\u0233\u037e\u1e00-\u1e99' || ']')
                        then translate(
                            value,
                            'ÄÅÇËÎÏÑÖÛÜäåçëîïñöûüÿĀāĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĪīĬĭĮ'
                            || 'įİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻ'
                            || 'żŽžǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜǞǟǠǡǦǧǨǩǪǫǬǭǰǴǵǸǹǺǻȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕ'
                            || 'ȖȗȘșȚțȞȟȦȧȨȩȪȫȬȭȮȯȰȱȲȳ;ḀḁḂḃḄḅḆḇḈḉḊḋḌḍḎḏḐḑḒḓḔḕḖḗḘḙḚḛḜḝḞḟḠḡḢḣḤ'
                            || 'ḥḦḧḨḩḪḫḬḭḮḯḰḱḲḳḴḵḶḷḸḹḺḻḼḽḾḿṀṁṂṃṄṅṆṇṈṉṊṋṌṍṎṏṐṑṒṓṔṕṖṗṘṙṚṛṜṝṞṟṠ'
                            || 'ṡṢṣṤṥṦṧṨṩṪṫṬṭṮṯṰṱṲṳṴṵṶṷṸṹṺṻṼṽṾṿẀẁẂẃẄẅẆẇẈẉẊẋẌẍẎẏẐẑẒẓẔẕẖẗẘẙ',
                            'AACEIINOUUaaceiinouuyAaAaCcCcCcCcDdEeEeEeEeEeGgGgGgGgHhIiIiI'
                            || 'iIJjKkLlLlLlNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtUuUuUuUuUuWwYyYZzZ'
                            || 'zZzAaIiOoUuUuUuUuUuAaAaGgKkOoOojGgNnAaAaAaEeEeIiIiOoOoRrRrUu'
                            || 'UuSsTtHhAaEeOoOoOoOoYy;AaBbBbBbCcDdDdDdDdDdEeEeEeEeEeFfGgHhH'
                            || 'hHhHhHhIiIiKkKkKkLlLlLlLlMmMmMmNnNnNnNnOoOoOoOoPpPpRrRrRrRrS'
                            || 'sSsSsSsSsTtTtTtTtUuUuUuUuUuVvVvWwWwWwWwWwXxXxYyZzZzZzhtwy'
                        )
                        else value
                    end,
                    '[' || '\u0300-\u036f\u0483-\u0487\u0591-\u05bd\u05bf\u05c1-\u05c2\u05c4-\u05c5'
                    || '\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4'
                    || '\u06e7-\u06e8\u06ea-\u06ed\u0711\u0730-\u074a\u07eb-\u07f3\u07fd'
                    || '\u0816-\u0819\u081b-\u0823\u0825-\u0827\u0829-\u082d\u0859-\u085b\u0898-\u089f'
                    || '\u08ca-\u08e1\u08e3-\u08ff\u093c\u094d\u0951-\u0954\u09bc'
                    || '\u09cd\u09fe\u0a3c\u0a4d\u0abc\u0acd'
                    || '\u0b3c\u0b4d\u0bcd\u0c3c\u0c4d\u0c55-\u0c56'
                    || '\u0cbc\u0ccd\u0d3b-\u0d3c\u0d4d\u0dca\u0e38-\u0e3a'
                    || '\u0e48-\u0e4b\u0eb8-\u0eba\u0ec8-\u0ecb\u0f18-\u0f19\u0f35\u0f37'
                    || '\u0f39\u0f71-\u0f75\u0f7a-\u0f7d\u0f80-\u0f84\u0f86-\u0f87\u0fc6'
                    || '\u1037\u1039-\u103a\u108d\u135d-\u135f\u1714-\u1715\u1734'
                    || '\u17d2\u17dd\u18a9\u1939-\u193b\u1a17-\u1a18\u1a60'
                    || '\u1a75-\u1a7c\u1a7f\u1ab0-\u1abd\u1abf-\u1ace\u1b34\u1b44'
                    || '\u1b6b-\u1b73\u1baa-\u1bab\u1be6\u1bf2-\u1bf3\u1c37\u1cd0-\u1cd2'
                    || '\u1cd4-\u1ce0\u1ce2-\u1ce8\u1ced\u1cf4\u1cf8-\u1cf9\u1dc0-\u1dff' || ']' || '+',
                    '', 'g'
                ),
                'àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ'
                || 'ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ',
                'aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd'
                || 'AAAAAAAAAAAAAAAAAEEEEEEEEEEEIIIIIOOOOOOOOOOOOOOOOOUUUUUUUUUUUYYYYYD'
            )),
            '[ \t\u00a0]+', ' ', 'g'
        ),
        E'\t\n\u000b\f\r\u001c\u001d\u001e\u001f \u0085\u00a0\u1680\u2000\u2001'
        || E'\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000'
    )
$$;
