package io.xugumcp.plugin.chat2sql;

import io.xugumcp.api.Catalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which columns look personal – identity numbers, phone numbers, passwords, e-mail and home addresses, bank cards,
 * people's names – so that their values never go to a model even when the operator lets example values through.
 * Decided from the column's name and comment, in Chinese and English, plus the operator's own list.
 */
final class Privacy {
    /** Pieces of names and comments that mark a column personal. */
    static final List<String> BUILT_IN = List.of("身份证", "证件", "护照", "手机", "电话", "联系方式", "密码", "口令",
            "邮箱", "邮件", "住址", "地址", "银行卡", "卡号", "账号", "姓名", "联系人", "生日", "出生", "工资", "薪",
            "email", "e_mail", "mail", "phone", "mobile", "tel", "password", "passwd", "pwd", "secret", "token",
            "ssn", "id_card", "idcard", "id_no", "passport", "address", "addr", "card_no", "cardno", "iban",
            "account_no", "birth", "dob", "salary", "contact", "first_name", "last_name", "full_name", "surname");

    private final List<String> pieces;

    Privacy(List<String> extra) {
        List<String> all = new ArrayList<>(BUILT_IN);
        for (String e : extra) {
            all.add(e.toLowerCase(Locale.ROOT));
        }
        this.pieces = List.copyOf(all);
    }

    /**
     * True when the column's values must not be sent. Short Latin pieces (tel, pwd, dob …) count only as whole words
     * of the name, so {@code hotel_id} is not a phone number.
     */
    boolean personal(Catalog.Column c) {
        String name = c.name().toLowerCase(Locale.ROOT);
        String comment = c.comment() == null ? "" : c.comment().toLowerCase(Locale.ROOT);
        List<String> words = List.of((name + " " + comment).split("[^\\p{L}\\p{N}]+"));
        for (String p : pieces) {
            boolean latin = p.chars().allMatch(ch -> ch < 128);
            if (latin && p.length() <= 4 ? words.contains(p) : name.contains(p) || comment.contains(p)) {
                return true;
            }
        }
        return false;
    }
}
