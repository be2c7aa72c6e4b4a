package dev.acrbridge.examples.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * The Jenkins plugin's Messages and Jelly resources, checked where the plugin module itself cannot build (it needs
 * the Jenkins artifact repository): every {@code .properties} value is a valid {@link MessageFormat} pattern (the
 * localizer generator and Stapler both run {@code new MessageFormat(value)}), and every Jelly {@code ${%...}} key
 * parses the way Stapler reads it. Both broke the plugin once: an unquoted {@code { }} stopped packaging, and a
 * {@code (} in a form title made the add-credential page answer HTTP 500.
 */
class JenkinsPluginResourcesTest {

    private static final Path RESOURCES = Paths.get("..", "jenkins-plugin", "src", "main", "resources");

    /** Stapler's CustomJellyContext: {@code "%key"} or {@code '%key'} inside an ordinary expression. */
    private static final Pattern RESOURCE_LITERAL = Pattern.compile("(\"%[^\"]+\")|('%[^']+')");

    @Test
    void everyPropertiesValueIsAMessageFormatPattern() throws IOException {
        List<Path> files = files(".properties");
        assertFalse(files.isEmpty(), "no properties files under " + RESOURCES.toAbsolutePath());
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            Properties p = load(file);
            for (String key : p.stringPropertyNames()) {
                messageFormatProblem(p.getProperty(key)).ifPresent(
                        e -> problems.add(RESOURCES.relativize(file) + " key " + key + ": " + e));
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyJellyMessageKeyParsesAsStaplerReadsIt() throws Exception {
        List<Path> files = files(".jelly");
        assertFalse(files.isEmpty(), "no Jelly files under " + RESOURCES.toAbsolutePath());
        List<String> problems = new ArrayList<>();
        int keys = 0;
        for (Path file : files) {
            Path bundle = file.resolveSibling(file.getFileName().toString().replaceFirst("\\.jelly$", ".properties"));
            Properties messages = Files.exists(bundle) ? load(bundle) : new Properties();
            for (String text : textsOf(file)) {
                for (String expression : expressions(text, problems, file)) {
                    for (String i18n : i18nReferences(expression)) {
                        keys++;
                        String problem = i18nProblem(i18n, messages);
                        if (problem != null) {
                            problems.add(RESOURCES.relativize(file) + ": ${" + i18n + "}: " + problem);
                        }
                    }
                }
            }
        }
        assertTrue(keys > 0, "found no ${%...} keys: the scan itself is broken");
        assertEquals(List.of(), problems);
    }

    /** The checks themselves catch the two faults that once shipped. */
    @Test
    void theChecksCatchWhatBrokeThePlugin() {
        assertTrue(messageFormatProblem("use it inside node { } (or a stage)").isPresent());
        assertFalse(messageFormatProblem("use it inside node '{ }' (or a stage)").isPresent());
        assertFalse(messageFormatProblem("Credential ''{0}'' names no registry").isPresent());
        assertTrue(i18nProblem("%Directory (tenant) ID", new Properties()).contains("missing ')'"));
        assertTrue(i18nProblem("%Registry (custom)", new Properties()).contains("argument list"));
        assertEquals(null, i18nProblem("%TenantId", new Properties()));
        Properties withArgs = new Properties();
        withArgs.setProperty("Used", "used by {0}");
        assertEquals(null, i18nProblem("%Used(it.name)", withArgs));
        assertTrue(i18nProblem("%Unknown(it.name)", withArgs).contains("no entry"));
        assertEquals(List.of("%Test connection", "%Testing..."),
                expressions("${%Test connection} and ${%Testing...}", new ArrayList<>(), RESOURCES));
        assertEquals(List.of("%Check"), i18nReferences("a ? \"%Check\" : b").stream().toList());
    }

    private static Optional<String> messageFormatProblem(String value) {
        try {
            new MessageFormat(value);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("not a MessageFormat pattern (" + e.getMessage()
                    + "); quote literal braces as '{' and '}' and write a single quote as ''");
        }
    }

    /**
     * Stapler's InternationalizedStringExpression: the key ends at the first {@code (}; what follows is a
     * comma-separated, parenthesis-balanced argument list that must close with {@code )}. A parenthesis meant as text
     * therefore either breaks rendering (HTTP 500) or silently turns the rest of the title into an argument.
     */
    static String i18nProblem(String text, Properties messages) {
        String rest = text.substring(1);
        int open = rest.indexOf('(');
        if (open < 0) {
            String format = messages.getProperty(rest);
            return format == null ? null : messageFormatProblem(format).orElse(null);
        }
        String key = rest.substring(0, open);
        rest = rest.substring(open + 1);
        while (!rest.isEmpty()) {
            String token = argument(rest);
            if (token == null) {
                return "is missing ')' at the end: Stapler reads '(' as the start of an argument list; move the title"
                        + " to the .properties file next to the Jelly file and use a key without parentheses";
            }
            rest = rest.substring(token.length() + 1);
        }
        if (!key.equals(key.strip()) || !messages.containsKey(key)) {
            return "'" + key + "' takes an argument list but has no entry in the .properties file next to the Jelly"
                    + " file (Stapler would show the bare key): a '(' in a title starts an argument list";
        }
        return messageFormatProblem(messages.getProperty(key)).orElse(null);
    }

    /** Stapler's tokenize: the next argument of "arg,arg)" or null when the closing parenthesis is missing. */
    private static String argument(String text) {
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case ',':
                    if (depth == 0) {
                        return text.substring(0, i);
                    }
                    break;
                case '(', '{', '[':
                    depth++;
                    break;
                case ')':
                    if (depth == 0) {
                        return text.substring(0, i);
                    }
                    depth--;
                    break;
                case '}', ']':
                    depth--;
                    break;
                case '"', '\'':
                    i = text.indexOf(ch, i + 1);
                    if (i < 0) {
                        return null;
                    }
                    break;
                default:
                    break;
            }
        }
        return null;
    }

    /** The {@code %...} texts Stapler turns into message lookups, given one expression's text. */
    private static List<String> i18nReferences(String expression) {
        if (expression.startsWith("%")) {
            return List.of(expression);
        }
        List<String> found = new ArrayList<>();
        Matcher m = RESOURCE_LITERAL.matcher(expression);
        while (m.find()) {
            found.add(m.group().substring(1, m.group().length() - 1));
        }
        return found;
    }

    /**
     * The {@code ${...}} expressions of one attribute value or text node, cut the way Jelly's
     * CompositeExpression.parse cuts them: a whole-value expression ends at the first {@code }}; inside a composite,
     * quoted strings are skipped.
     */
    private static List<String> expressions(String text, List<String> problems, Path file) {
        int start = text.indexOf("${");
        if (start < 0) {
            return List.of();
        }
        int end = text.indexOf('}', start + 2);
        if (end < 0) {
            problems.add(RESOURCES.relativize(file) + ": missing '}' in " + text);
            return List.of();
        }
        if (start == 0 && end == text.length() - 1) {
            return List.of(text.substring(2, end));
        }
        List<String> found = new ArrayList<>();
        int cur = 0;
        while (cur < text.length()) {
            if (text.charAt(cur) == '$' && cur + 1 < text.length() && text.charAt(cur + 1) == '{') {
                StringBuilder expr = new StringBuilder();
                cur += 2;
                while (cur < text.length() && text.charAt(cur) != '}') {
                    char c = text.charAt(cur);
                    expr.append(c);
                    cur++;
                    if (c == '"' || c == '\'') {
                        while (cur < text.length()) {
                            char q = text.charAt(cur++);
                            expr.append(q);
                            if (q == c) {
                                break;
                            }
                        }
                    }
                }
                found.add(expr.toString());
            }
            cur++;
        }
        return found;
    }

    /** Every attribute value and text node of a Jelly file: where Jelly parses expressions. */
    private static List<String> textsOf(Path jelly) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc;
        try (InputStream in = Files.newInputStream(jelly)) {
            doc = factory.newDocumentBuilder().parse(in);
        }
        List<String> texts = new ArrayList<>();
        collect(doc.getDocumentElement(), texts);
        return texts;
    }

    private static void collect(Node node, List<String> texts) {
        if (node.getNodeType() == Node.TEXT_NODE || node.getNodeType() == Node.CDATA_SECTION_NODE) {
            texts.add(node.getNodeValue());
        }
        NamedNodeMap attributes = node.getAttributes();
        if (attributes != null) {
            for (int i = 0; i < attributes.getLength(); i++) {
                texts.add(attributes.item(i).getNodeValue());
            }
        }
        for (Node child = node.getFirstChild(); child != null; child = child.getNextSibling()) {
            collect(child, texts);
        }
    }

    private static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return p;
    }

    private static List<Path> files(String suffix) throws IOException {
        try (Stream<Path> walk = Files.walk(RESOURCES)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }
}
