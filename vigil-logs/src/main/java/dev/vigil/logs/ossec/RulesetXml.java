package dev.vigil.logs.ossec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads OSSEC's decoder and rule files, which are XML-like but not XML: raw {@code &} and {@code >} in text,
 * {@code \<} for a literal {@code <} (the backslash stays), several top-level elements, comments containing
 * {@code --}, and no entity decoding. {@code <var name="X">} defines {@code $X} for the rest of the file, in
 * text and attribute values. A standard parser rejects several of the stock files, so this one is lenient
 * exactly where OSSEC's own reader is, and says where (file and line) when it cannot go on.
 */
final class RulesetXml {
    /** One element: its attributes, its own text (children's text excluded) and its children. */
    record Element(String name, Map<String, String> attributes, String text, List<Element> children, int line) {
        String attr(String key) {
            return attributes.get(key);
        }
    }

    /** A problem in a ruleset file, reported as FILE:LINE: message. */
    static final class SyntaxError extends RuntimeException {
        SyntaxError(String file, int line, String message) {
            super(file + ":" + line + ": " + message);
        }
    }

    private final String file;
    private final String text;
    private int pos;
    private int line = 1;
    private final Map<String, String> vars = new LinkedHashMap<>();

    private RulesetXml(String file, String text) {
        this.file = file;
        this.text = text;
    }

    /** The top-level elements of a file, with {@code <var>}s applied and removed. */
    static List<Element> parse(String file, String text) {
        return new RulesetXml(file, text).document();
    }

    private List<Element> document() {
        List<Element> top = new ArrayList<>();
        StringBuilder ignored = new StringBuilder();
        while (pos < text.length()) {
            Element e = next(ignored);
            if (e == null) {
                if (pos < text.length()) { // stopped at a closing tag that closes nothing: it would stop here forever
                    int end = text.indexOf('>', pos);
                    throw new SyntaxError(file, line, text.substring(pos, end < 0 ? text.length() : end + 1).strip()
                            + " closes no open element");
                }
                continue;
            }
            if (e.name().equals("var")) {
                String name = e.attr("name");
                if (name == null) {
                    throw new SyntaxError(file, e.line(), "<var> without a name");
                }
                vars.put(name, e.text().strip());
            } else {
                top.add(e);
            }
        }
        return top;
    }

    /** A '<' is text when an odd number of backslashes stands before it: {@code E:\\<} closes an element there. */
    private boolean escaped(int at) {
        int backslashes = 0;
        for (int i = at - 1; i >= 0 && text.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    /** Reads text up to the next element and returns that element (null at end or after a comment). */
    private Element next(StringBuilder textOut) {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '<' && !escaped(pos)) {
                if (text.startsWith("<!--", pos)) {
                    skipComment();
                    continue;
                }
                if (text.startsWith("<?", pos)) {
                    int end = text.indexOf("?>", pos);
                    advanceTo(end < 0 ? text.length() : end + 2);
                    continue;
                }
                if (text.startsWith("</", pos)) {
                    return null; // the caller handles its closing tag
                }
                return element();
            }
            if (c == '\n') {
                line++;
            }
            textOut.append(c);
            pos++;
        }
        return null;
    }

    private void skipComment() {
        int end = text.indexOf("-->", pos + 4);
        if (end < 0) {
            throw new SyntaxError(file, line, "comment not closed");
        }
        advanceTo(end + 3);
    }

    private void advanceTo(int to) {
        for (int i = pos; i < to; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        pos = to;
    }

    private Element element() {
        int startLine = line;
        pos++; // '<'
        int nameStart = pos;
        while (pos < text.length() && !Character.isWhitespace(text.charAt(pos)) && text.charAt(pos) != '>'
                && text.charAt(pos) != '/') {
            pos++;
        }
        String name = text.substring(nameStart, pos);
        if (name.isEmpty()) {
            throw new SyntaxError(file, startLine, "an element without a name");
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        boolean selfClosing = false;
        while (true) {
            skipSpace();
            if (pos >= text.length()) {
                throw new SyntaxError(file, startLine, "<" + name + "> is not closed");
            }
            char c = text.charAt(pos);
            if (c == '>') {
                pos++;
                break;
            }
            if (c == '/' && pos + 1 < text.length() && text.charAt(pos + 1) == '>') {
                pos += 2;
                selfClosing = true;
                break;
            }
            int keyStart = pos;
            while (pos < text.length() && text.charAt(pos) != '=' && !Character.isWhitespace(text.charAt(pos))
                    && text.charAt(pos) != '>') {
                pos++;
            }
            String key = text.substring(keyStart, pos);
            skipSpace();
            if (pos >= text.length() || text.charAt(pos) != '=') {
                throw new SyntaxError(file, line, "attribute '" + key + "' of <" + name + "> has no value");
            }
            pos++;
            skipSpace();
            char quote = pos < text.length() ? text.charAt(pos) : 0;
            if (quote != '"' && quote != '\'') {
                throw new SyntaxError(file, line, "attribute '" + key + "' of <" + name + "> is not quoted");
            }
            int end = text.indexOf(quote, pos + 1);
            if (end < 0) {
                throw new SyntaxError(file, line, "attribute '" + key + "' of <" + name + "> is not closed");
            }
            String value = text.substring(pos + 1, end);
            advanceTo(end + 1);
            attrs.put(key, expand(value));
        }
        if (selfClosing) {
            return new Element(name, attrs, "", List.of(), startLine);
        }
        StringBuilder own = new StringBuilder();
        List<Element> children = new ArrayList<>();
        while (true) {
            Element child = next(own);
            if (child != null) {
                children.add(child);
                continue;
            }
            if (pos >= text.length()) {
                throw new SyntaxError(file, startLine, "<" + name + "> is not closed");
            }
            // At "</": it must close this element.
            int end = text.indexOf('>', pos);
            String closing = text.substring(pos + 2, end < 0 ? text.length() : end).strip();
            if (!closing.equals(name)) {
                throw new SyntaxError(file, line, "</" + closing + "> closes <" + name + "> opened on line " + startLine);
            }
            advanceTo(end + 1);
            break;
        }
        // Text is kept as written: patterns end in meaningful spaces ("\\] ") and are joined end to end.
        return new Element(name, attrs, expand(children.isEmpty() ? own.toString() : own.toString().strip()), children, startLine);
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            if (text.charAt(pos) == '\n') {
                line++;
            }
            pos++;
        }
    }

    /** Replaces {@code $NAME} of the variables defined so far (longest name first, as names may share prefixes). */
    private String expand(String s) {
        if (vars.isEmpty() || s.indexOf('$') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '$') {
                String best = null;
                for (String name : vars.keySet()) {
                    if (s.startsWith(name, i + 1) && (best == null || name.length() > best.length())) {
                        best = name;
                    }
                }
                if (best != null) {
                    out.append(vars.get(best));
                    i += 1 + best.length();
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }
}
