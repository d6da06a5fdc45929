package dev.vigil.threats.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every default rule, with a text it must find (a secret of the shape it is written for) and a near miss it must
 * not (a placeholder, a wrong length, a value that fails its check); and the format's features.
 */
class GitleaksRulesTest {
    private static final GitleaksRules RULES = GitleaksRules.builtIn();

    /** Random-looking characters from {@code alphabet}, the same on every run. */
    private static String random(String alphabet, int n, long seed) {
        Random r = new Random(seed);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private static final String UPPER_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String HEX = "0123456789abcdef";
    private static final String B64 = ALNUM + "+/";
    private static final String URLSAFE = ALNUM + "_-";

    /** rule id -> {a text it must find, a text it must not}. */
    private static Map<String, String[]> examples() {
        Map<String, String[]> e = new LinkedHashMap<>();
        String pem = "MIIEowIBAAKCAQEA" + random(B64, 64, 1) + "\n" + random(B64, 64, 2) + "\n";
        e.put("aws-access-key-id", new String[] {"aws_access_key_id = AKIA" + random(UPPER_DIGITS, 16, 3), "AKIA" + "1234"});
        e.put("aws-secret-access-key", new String[] {"aws_secret_access_key = " + random(B64, 40, 4), "aws_secret_access_key = " + "a".repeat(40)});
        e.put("gcp-service-account", new String[] {"{\"type\": \"service_account\", \"project_id\": \"shop\", \"private_key_id\": \"" + random(HEX, 40, 5) + "\"}",
            "{\"type\": \"authorized_user\", \"private_key_id\": \"" + random(HEX, 40, 5) + "\"}"});
        e.put("gcp-api-key", new String[] {"key=AIza" + random(URLSAFE, 35, 6), "AIza" + random(URLSAFE, 20, 6)});
        e.put("azure-storage-key", new String[] {"DefaultEndpointsProtocol=https;AccountName=shop;AccountKey=" + random(B64, 86, 7) + "==;",
            "AccountKey=" + random(B64, 40, 7) + "=="});
        e.put("azure-client-secret", new String[] {"AZURE_CLIENT_SECRET=" + random(ALNUM + "~.", 37, 8), "client_secret = " + "changeme"});
        e.put("github-pat", new String[] {"token ghp_" + random(ALNUM, 36, 9), "ghp_" + random(ALNUM, 20, 9)});
        e.put("github-oauth-token", new String[] {"gho_" + random(ALNUM, 36, 10), "gho_short"});
        e.put("github-app-token", new String[] {"ghs_" + random(ALNUM, 36, 11), "ghx_" + random(ALNUM, 36, 11)});
        e.put("github-refresh-token", new String[] {"ghr_" + random(ALNUM, 76, 12), "ghr_" + random(ALNUM, 10, 12)});
        e.put("github-fine-grained-pat", new String[] {"github_pat_" + random(ALNUM + "_", 82, 13), "github_pat_" + random(ALNUM, 12, 13)});
        e.put("gitlab-pat", new String[] {"PRIVATE-TOKEN: glpat-" + random(URLSAFE, 20, 14), "glpat-" + random(ALNUM, 8, 14)});
        e.put("gitlab-runner-token", new String[] {"token = \"glrt-" + random(URLSAFE, 20, 15) + "\"", "glrt-abc"});
        e.put("slack-bot-token", new String[] {"xoxb-" + random("0123456789", 12, 16) + "-" + random("0123456789", 13, 17) + "-" + random(ALNUM, 24, 18),
            "xoxb-123-456-abc"});
        e.put("slack-user-token", new String[] {"xoxp-" + random("0123456789", 12, 19) + "-" + random(ALNUM, 30, 20), "xoxp-12-ab"});
        e.put("slack-webhook", new String[] {"https://hooks.slack.com/services/T" + random(UPPER_DIGITS, 10, 21) + "/B" + random(UPPER_DIGITS, 10, 22)
            + "/" + random(ALNUM, 24, 23), "https://hooks.slack.com/services/"});
        e.put("discord-webhook", new String[] {"https://discord.com/api/webhooks/" + random("0123456789", 18, 24) + "/" + random(URLSAFE, 68, 25),
            "https://discord.com/api/webhooks/123/abc"});
        e.put("stripe-secret-key", new String[] {"Stripe.apiKey = \"sk_live_" + random(ALNUM, 24, 26) + "\"", "sk_live_"});
        e.put("twilio-api-key", new String[] {"TWILIO_API_KEY=SK" + random(HEX, 32, 27), "SK" + random(HEX, 20, 27)});
        e.put("sendgrid-api-key", new String[] {"SG." + random(URLSAFE, 22, 28) + "." + random(URLSAFE, 43, 29), "SG.short.key"});
        e.put("mailgun-api-key", new String[] {"api:key-" + random(HEX, 32, 30), "key-" + random(HEX, 16, 30)});
        e.put("npm-token", new String[] {"//registry.npmjs.org/:_authToken=npm_" + random(ALNUM, 36, 31), "npm_install"});
        e.put("pypi-token", new String[] {"password = pypi-AgEIcHlwaS5vcmc" + random(URLSAFE, 60, 32), "pypi-AgEIcHlwaS5vcmcshort"});
        e.put("shopify-token", new String[] {"shpat_" + random(HEX, 32, 33), "shpat_" + random(HEX, 10, 33)});
        e.put("digitalocean-token", new String[] {"dop_v1_" + random(HEX, 64, 34), "dop_v1_" + random(HEX, 30, 34)});
        e.put("telegram-bot-token", new String[] {"bot" + random("123456789", 9, 35) + ":AA" + random(URLSAFE, 33, 36) + "/sendMessage", "12:AAshort"});
        e.put("vault-token", new String[] {"VAULT_TOKEN=hvs." + random(URLSAFE, 95, 37), "hvs.short"});
        e.put("private-key", new String[] {"-----BEGIN RSA PRIVATE KEY-----\n" + pem + "-----END RSA PRIVATE KEY-----",
            "-----BEGIN PUBLIC KEY-----\n" + pem + "-----END PUBLIC KEY-----"});
        e.put("openssh-private-key", new String[] {"-----BEGIN OPENSSH PRIVATE KEY-----\n" + pem + "-----END OPENSSH PRIVATE KEY-----",
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + random(B64, 40, 38) + " alice@laptop"});
        e.put("pgp-private-key", new String[] {"-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n" + pem + "-----END PGP PRIVATE KEY BLOCK-----",
            "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n" + pem + "-----END PGP PUBLIC KEY BLOCK-----"});
        e.put("putty-private-key", new String[] {"PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\nComment: rsa-key\nPublic-Lines: 2\n"
            + random(B64, 64, 39) + "\n" + random(B64, 20, 40) + "\nPrivate-Lines: 2\n" + random(B64, 64, 41) + "\n" + random(B64, 30, 42) + "\n",
            "PuTTY-User-Key-File-2: ssh-rsa (just the name of the format)"});
        e.put("jwt", new String[] {"Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9." + random(URLSAFE, 43, 43), "eyJhbGciOiJIUzI1NiJ9"});
        e.put("mysql-dsn", new String[] {"DATABASE_URL=mysql://shop:" + random(ALNUM, 14, 44) + "@db1:3306/shop", "mysql://db1:3306/shop"});
        e.put("postgres-dsn", new String[] {"postgresql://app:" + random(ALNUM, 14, 45) + "@db2/app", "postgresql://db2/app"});
        e.put("mongodb-dsn", new String[] {"mongodb+srv://reporting:" + random(ALNUM, 14, 46) + "@cluster0.mongo.internal/app", "mongodb://localhost:27017"});
        e.put("redis-dsn", new String[] {"REDIS_URL=redis://:" + random(ALNUM, 20, 47) + "@cache:6379/0", "redis://cache:6379/0"});
        e.put("amqp-dsn", new String[] {"amqp://guest:" + random(ALNUM, 12, 48) + "@rabbit:5672/", "amqp://rabbit:5672/"});
        e.put("url-credentials", new String[] {"git clone https://deploy:" + random(ALNUM, 16, 49) + "@git.internal/shop.git", "https://git.internal/shop.git"});
        e.put("wordpress-db-password", new String[] {"define( 'DB_PASSWORD', '" + random(ALNUM + "!#%", 16, 50) + "' );", "define( 'DB_USER', 'wordpress' );"});
        e.put("env-password", new String[] {"DB_PASSWORD=Sup3rS3cretPassw0rd1", "DB_PASSWORD=${DB_PASSWORD}"});
        e.put("env-secret", new String[] {"export APP_SECRET_KEY=" + random(ALNUM, 32, 51), "APP_SECRET_KEY=aaaaaaaaaaaaaaaaaaaa"});
        e.put("generic-api-key", new String[] {"{\"api_key\": \"" + random(ALNUM, 32, 52) + "\"}", "{\"api_key\": \"<your api key here>\"}"});
        e.put("htpasswd-hash", new String[] {"admin:$apr1$" + random(ALNUM, 8, 53) + "$" + random(ALNUM, 22, 54), "admin:x:1000:1000::/home/admin:/bin/bash"});
        e.put("shadow-hash", new String[] {"root:$6$" + random(ALNUM, 16, 55) + "$" + random(ALNUM + "./", 86, 56) + ":19700:0:99999:7:::",
            "daemon:*:19700:0:99999:7:::"});
        e.put("mysql-dump", new String[] {"-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\n--\n-- Host: localhost", "-- MySQL is a database"});
        e.put("postgres-dump", new String[] {"--\n-- PostgreSQL database dump\n--\n", "-- a PostgreSQL database dump was restored"});
        e.put("wordpress-users-dump", new String[] {"INSERT INTO `wp_users` VALUES (1,'admin','$P$B...','admin');", "SELECT * FROM wp_users;"});
        e.put("credit-card", new String[] {"card: 4111 1111 1111 1111 exp 12/29", "order 4111 1111 1111 1112 shipped"});
        return e;
    }

    @Test
    void everyDefaultRuleFindsItsSecretAndNotItsNearMiss() {
        Map<String, String[]> examples = examples();
        assertThat(RULES.size()).isGreaterThanOrEqualTo(40);
        assertThat(examples.keySet()).as("every default rule has examples").hasSize(RULES.size());
        for (Map.Entry<String, String[]> ex : examples.entrySet()) {
            String rule = ex.getKey();
            List<Leak> found = RULES.scan(ex.getValue()[0]);
            assertThat(found).as("%s finds: %s", rule, ex.getValue()[0]).anyMatch(l -> l.rule().equals(rule));
            assertThat(RULES.scan(ex.getValue()[1])).as("%s misses: %s", rule, ex.getValue()[1]).noneMatch(l -> l.rule().equals(rule));
        }
    }

    @Test
    void whatLeavesTheDetectorIsMaskedWithItsLineAndHash() {
        List<Leak> found = RULES.scan("# config\nDB_HOST=db1\nDB_PASSWORD=Sup3rS3cretPassw0rd1\n");
        assertThat(found).singleElement().satisfies(l -> {
            assertThat(l.rule()).isEqualTo("env-password");
            assertThat(l.line()).isEqualTo(3);
            assertThat(l.secret()).isEqualTo("Su****************d1").doesNotContain("S3cret");
            assertThat(l.sha256()).isEqualTo(Masked.sha256("Sup3rS3cretPassw0rd1"));
        });
        assertThat(Masked.of("short")).isEqualTo("****");
    }

    @Test
    void aGitleaksConfigWithAllowlistsStopwordsAndSecretGroupsWorksAsItIs() throws Exception {
        GitleaksRules rules = GitleaksRules.parse("""
                title = "mine"
                [allowlist]
                stopwords = ["testing"]
                [[rules]]
                id = "internal-token"
                description = "Our internal token"
                regex = '''(itk)_([a-z0-9]{12})'''
                secretGroup = 2
                keywords = ["itk_"]
                [rules.allowlist]
                regexes = ['''^0+$''']
                """);
        assertThat(rules.scan("x itk_a1b2c3d4e5f6 y")).singleElement().satisfies(l -> assertThat(l.secret()).isEqualTo("a1********f6"));
        assertThat(rules.scan("itk_000000000000")).as("rule allowlist").isEmpty();
        assertThat(rules.scan("itk_testing12345")).as("global stopword").isEmpty();
        assertThat(rules.scan("ITK_a1b2c3d4e5f6")).as("keywords are case-blind, the regex is not").isEmpty();
    }

    @Test
    void aBrokenRulesFileSaysWhatIsWrongWithEachRule() {
        assertThatThrownBy(() -> GitleaksRules.parse("""
                [[rules]]
                id = "a"
                regex = '''(unclosed'''
                [[rules]]
                id = "b"
                regex = '''x(y)'''
                secretGroup = 3
                [[rules]]
                id = "c"
                """)).isInstanceOf(GitleaksRules.Invalid.class)
                .hasMessageContaining("rule 'a': invalid regex").hasMessageContaining("rule 'b': secretGroup 3")
                .hasMessageContaining("rule 'c': needs a regex");
        assertThatThrownBy(() -> GitleaksRules.parse("[[rules\nid=")).isInstanceOf(GitleaksRules.Invalid.class)
                .hasMessageStartingWith("not valid TOML");
    }

    @Test
    void checksBehindTheRules() {
        assertThat(GitleaksRules.luhn("4111 1111 1111 1111")).isTrue();
        assertThat(GitleaksRules.luhn("4111-1111-1111-1112")).isFalse();
        assertThat(GitleaksRules.entropy("aaaa")).isZero();
        assertThat(GitleaksRules.entropy("abcd")).isEqualTo(2.0);
    }

    @Test
    void aPathOrAListAssignedToASecretNamedKeyIsNoSecretButAValueInAnErrorPageIs() {
        assertThat(RULES.scan("    secrets_sha256_file: /etc/vigil/own-secrets.sha256\n    api_token_list: [9f86d081884c7d659a2feaa0c55a]\n"
                + "DB_PASSWORD_FILE=/run/secrets/db_password_for_the_shop\n")).isEmpty();
        assertThat(RULES.scan("<pre>PDOException\nDB_HOST=db1 DB_PASSWORD=Sup3rS3cretPassw0rd1</pre>")).extracting(Leak::rule)
                .containsExactly("env-password");
    }

    @Test
    void randomAndMutatedTextsNeverThrowOrHang() throws Exception {
        Random r = new Random(9);
        String alphabet = "=:'\"$@/._-\n AKIAghp_xoxb-eyJ-----BEGIN 0123456789abcdef";
        for (int i = 0; i < 3_000; i++) {
            StringBuilder b = new StringBuilder();
            for (int k = r.nextInt(400); k > 0; k--) {
                b.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            RULES.scan(b.toString());
        }
        for (int i = 0; i < 500; i++) { // the TOML reader takes anything and answers Invalid or rules
            StringBuilder b = new StringBuilder("[[rules]]\nid = \"x\"\nregex = '''");
            for (int k = r.nextInt(40); k > 0; k--) {
                String specials = "()[]{}*+?|\\.^$'\"=\n";
                b.append(specials.charAt(r.nextInt(specials.length())));
            }
            try {
                GitleaksRules.parse(b.toString());
            } catch (GitleaksRules.Invalid expected) {
                // fine: a clear refusal
            }
        }
    }
}
