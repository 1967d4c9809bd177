package io.websms.runtime.config;

import io.websms.api.Direction;
import io.websms.api.InterfaceConfig;
import io.websms.runtime.provider.ProviderRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ConfigLoaderTest {

    /** The two-interface example of the original documentation, as the README reproduces it. */
    static final String TWO_INTERFACES = """
            [websms]
            url_host     [api-1] = api.example1.com
            url_path             = /sms/send/
            auth_user    [api-1] = user1
            auth_secret  [api-1] = secret1

            url_host     [api-2] = api.example2.com
            auth_user    [api-2] = user2
            auth_secret  [api-2] = secret2

            [websmsd]
            remt_addr    [api-1] = 1.2.3.4/24
            url_path     [api-1] = /incomming1

            remt_addr    [api-2] = 5.6.7.8,5.6.7.9
            url_path     [api-2] = /incomming2
            key_body     [api-2] = text
            """;

    /** The same [websmsd] written with empty indexes, which the original documentation says is equivalent. */
    static final String EMPTY_INDEXES = """
            [websmsd]
            remt_addr    [] = 1.2.3.4/24
            url_path     [] = /incomming1
            remt_addr    [] = 5.6.7.8,5.6.7.9
            url_path     [] = /incomming2
            key_body     [] = text
            """;

    private static ProviderRegistry registry;

    @BeforeAll
    static void discover() throws Exception {
        registry = ProviderRegistry.discover();
    }

    @Test
    void theTwoInterfaceExampleGivesEachInterfaceItsOwnHostAndUserAndTheSharedPath() throws Exception {
        WebsmsConfig config = load(TWO_INTERFACES);
        Map<String, InterfaceConfig> outgoing = config.interfaces(Direction.OUTBOUND);
        assertEquals(List.of("api-1", "api-2"), List.copyOf(outgoing.keySet()));
        assertEquals("http://api.example1.com", outgoing.get("api-1").value("url_host"));
        assertEquals("http://api.example2.com", outgoing.get("api-2").value("url_host"));
        assertEquals("user1", outgoing.get("api-1").value("auth_user"));
        assertEquals("user2", outgoing.get("api-2").value("auth_user"));
        assertEquals("secret2", outgoing.get("api-2").value("auth_secret"));
        assertEquals("/sms/send/", outgoing.get("api-1").value("url_path"));
        assertEquals("/sms/send/", outgoing.get("api-2").value("url_path"));
        assertEquals("basic", outgoing.get("api-2").value("auth_method"));
        assertEquals("generic", outgoing.get("api-1").provider());
        assertTrue(outgoing.get("api-1").isSecret("auth_secret"));
        assertFalse(outgoing.get("api-1").toString().contains("secret1"), outgoing.get("api-1").toString());

        Map<String, InterfaceConfig> incoming = config.interfaces(Direction.INBOUND);
        assertEquals(List.of("api-1", "api-2"), List.copyOf(incoming.keySet()));
        assertEquals("Body", incoming.get("api-1").value("key_body"), "an index the indexed key does not name gets the default");
        assertEquals("text", incoming.get("api-2").value("key_body"));
        assertEquals("5.6.7.8,5.6.7.9", incoming.get("api-2").value("remt_addr"));
        assertEquals("/incomming1", incoming.get("api-1").value("url_path"));
        assertEquals(Path.of("/var/spool/asterisk/outgoing"), config.astQueue().outgoingDir());
        assertTrue(config.daemon().proxyAddresses().contains(InetAddress.getByName("192.168.1.10")));
        assertEquals("HTTP_X_FORWARDED_FOR", config.daemon().proxyHeader());
        assertEquals(List.of(
                "websms.conf:2: warning: [websms] url_host [api-1]: 'api.example1.com' has no scheme; http:// is assumed, as the original did. "
                        + "Fix: write url_host = https://api.example1.com (or http:// if the ITSP has no TLS).",
                "websms.conf:7: warning: [websms] url_host [api-2]: 'api.example2.com' has no scheme; http:// is assumed, as the original did. "
                        + "Fix: write url_host = https://api.example2.com (or http:// if the ITSP has no TLS)."),
                config.warnings().stream().map(Diagnostic::format).toList());
    }

    @Test
    void emptyIndexesAreNumberedPerKeyAsPhpDoesNotPerBlockAsTheOriginalDocumentationSuggests() throws Exception {
        WebsmsConfig config = load(EMPTY_INDEXES);
        Map<String, InterfaceConfig> incoming = config.interfaces(Direction.INBOUND);
        Map<String, InterfaceConfig> named = load(TWO_INTERFACES).interfaces(Direction.INBOUND);
        assertEquals(List.of("0", "1"), List.copyOf(incoming.keySet()));
        for (String key : List.of("remt_addr", "url_path", "key_to", "key_from")) {
            assertEquals(named.get("api-1").value(key), incoming.get("0").value(key), key);
            assertEquals(named.get("api-2").value(key), incoming.get("1").value(key), key);
        }
        // key_body [] is the first key_body [], so PHP gives it index 0: the first interface, not the second.
        assertEquals("text", incoming.get("0").value("key_body"));
        assertEquals("Body", incoming.get("1").value("key_body"));
        assertEquals(List.of("websms.conf:6: warning: [websmsd] key_body []: gets index 0, not 1: PHP numbers [] per key "
                        + "(this is key_body [] number 1), not per block of lines. Fix: write key_body [1] if it belongs to the interface with index 1."),
                config.warnings().stream().filter(d -> d.section().equals("websmsd")).map(Diagnostic::format).toList());
    }

    @Test
    void aFileWithoutIndexesHasOneInterfaceAndTheDocumentedDefaults() throws Exception {
        WebsmsConfig config = load("[websms]\nurl_host = https://api.example.com\n");
        InterfaceConfig out = config.outgoing("");
        assertEquals("", out.index());
        assertEquals(out, config.outgoing("any-index"), "an index is ignored when [websms] has no indexed key");
        assertEquals(Map.of("auth_method", "basic", "key_body", "Body", "key_from", "From", "key_to", "To", "url_path", "/", "provider", "generic"),
                Map.of("auth_method", out.value("auth_method"), "key_body", out.value("key_body"), "key_from", out.value("key_from"),
                        "key_to", out.value("key_to"), "url_path", out.value("url_path"), "provider", out.provider()));
        InterfaceConfig in = config.interfaces(Direction.INBOUND).get("");
        assertEquals("Body", in.value("key_body"));
        assertEquals("", in.value("remt_addr"));
        AstQueueSettings queue = config.astQueue();
        assertEquals(List.of("no", "default", "default", 0, "rfc3986", Path.of("/var/spool/asterisk/outgoing"), 1, 300,
                        Path.of("/var/spool/asterisk/staging"), 45),
                List.of(queue.archive(), queue.channelContext(), queue.context(), queue.maxRetries(), queue.messageEncode(),
                        queue.outgoingDir(), queue.priority(), queue.retryTime(), queue.stagingDir(), queue.waitTime()));
        assertTrue(queue.fileMode().isEmpty());
        assertEquals("", queue.fileOwner());
    }

    @Test
    void anEmptyFileIsUsableWithEveryDefault() throws Exception {
        WebsmsConfig config = load("");
        assertEquals("http://localhost", config.outgoing("").value("url_host"));
        assertEquals("172.16.0.0/12,192.168.0.0/16", config.daemon().proxyAddresses().toString());
    }

    @Test
    void theOutgoingIndexMustBeKnownWhenTheSectionIsIndexed() throws Exception {
        WebsmsConfig config = load(TWO_INTERFACES);
        assertEquals("user1", config.outgoing("api-1").value("auth_user"));
        ConfigException unknown = assertThrows(ConfigException.class, () -> config.outgoing("api-3"));
        assertEquals("websms.conf: error: [websms] no interface has the index 'api-3'; [websms] has api-1, api-2. "
                + "Fix: use one of those, or add keys with [api-3] to [websms].", unknown.getMessage());
        ConfigException none = assertThrows(ConfigException.class, () -> config.outgoing(""));
        assertEquals("websms.conf: error: [websms] [websms] has indexed keys (interfaces api-1, api-2) but no index was chosen. "
                + "Fix: pass the index as the 4th argument (set WEBSMS_INDEX on the endpoint with set_var).", none.getMessage());
    }

    @Test
    void aProviderGivesItsDefaultsToItsInterfacesOnly() throws Exception {
        WebsmsConfig config = load("""
                [websms]
                provider [zd] = zadarma
                auth_user [zd] = key
                auth_secret [zd] = secret
                url_host [other] = https://sms.example.com
                """);
        InterfaceConfig zd = config.outgoing("zd");
        assertEquals("zadarma", zd.provider());
        assertEquals("https://api.zadarma.com", zd.value("url_host"));
        assertEquals("/v1/sms/send/", zd.value("url_path"));
        assertEquals("number", zd.value("key_to"));
        assertEquals("zadarma", zd.value("auth_method"));
        InterfaceConfig other = config.outgoing("other");
        assertEquals("generic", other.provider());
        assertEquals("To", other.value("key_to"));
        assertEquals("basic", other.value("auth_method"));
    }

    @Test
    void theLaterFormOfAKeyWinsAsInPhp() throws Exception {
        WebsmsConfig config = load("""
                [websms]
                url_path = /common
                url_path [a] = /a
                auth_user [b] = u
                """);
        assertEquals("/a", config.outgoing("a").value("url_path"));
        assertEquals("/", config.outgoing("b").value("url_path"), "the common value was replaced, so b gets the default");
        assertEquals("websms.conf:3: warning: [websms] url_path [a]: this replaces url_path without an index (line 2), as in PHP: "
                        + "the later form wins. Fix: give every interface its own value, or write the key once without an index.",
                config.warnings().stream().map(Diagnostic::format).filter(s -> s.contains("url_path")).findFirst().orElseThrow());
    }

    @Test
    void secretsFromTheEnvironmentAreExpanded() throws Exception {
        WebsmsConfig config = new ConfigLoader(registry, Map.of("ITSP_SECRET", "s3cr3t")::get)
                .parse("websms.conf", "[websms]\nauth_user = u\nauth_secret = ${ITSP_SECRET}\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("s3cr3t", config.outgoing("").value("auth_secret"));
    }

    @Test
    void loadingAMissingFileSaysWhatToDo(@TempDir Path dir) {
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(registry).load(dir.resolve("websms.conf")));
        assertEquals(dir.resolve("websms.conf") + ": error: the file does not exist. Fix: create it (see the README for an example), "
                + "or name another with --config or WEBSMS_CONFIG.", e.getMessage());
    }

    @Test
    void loadingAFileReadsIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("websms.conf");
        Files.writeString(file, TWO_INTERFACES);
        assertEquals(file.toString(), new ConfigLoader(registry).load(file).file());
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                arguments("unterminated quote", "[websms]\nauth_secret = \"secret\n",
                        List.of("websms.conf:2: error: [websms] auth_secret: the double quote opened here is never closed. Fix: close the value with \".")),
                arguments("unknown key", "[websms]\nurl_hots = https://api.example.com\n",
                        List.of("websms.conf:2: error: [websms] url_hots: unknown key. Fix: did you mean url_host?")),
                arguments("key of another section", "[websms]\nremt_addr = 1.2.3.4\n",
                        List.of("websms.conf:2: error: [websms] remt_addr: unknown key. Fix: remt_addr belongs in [websmsd]: move it there.")),
                arguments("key of the first releases", "[websms]\nauth_passwd = x\n",
                        List.of("websms.conf:2: error: [websms] auth_passwd: unknown key. Fix: auth_passwd is the name the first WebSMS releases used: write auth_secret instead.")),
                arguments("bad CIDR", "[websmsd]\nremt_addr [a] = 1.2.3.4/24,10.0.0.256\n",
                        List.of("websms.conf:2: error: [websmsd] remt_addr [a]: '10.0.0.256' is not an IPv4 or IPv6 address or CIDR range. "
                                + "Fix: write addresses or CIDR ranges separated by commas, e.g. remt_addr = 185.45.152.42,3.104.90.0/24,2001:db8::/32.")),
                arguments("bad CIDR prefix", "[websmsd]\nprox_addr = 2001:db8::/129\n",
                        List.of("websms.conf:2: error: [websmsd] prox_addr: '2001:db8::/129' has a prefix length that is not 0 to 128. "
                                + "Fix: write addresses or CIDR ranges separated by commas, e.g. prox_addr = 185.45.152.42,3.104.90.0/24,2001:db8::/32.")),
                arguments("host name as CIDR", "[websmsd]\nremt_addr = api.example.com\n",
                        List.of("websms.conf:2: error: [websmsd] remt_addr: 'api.example.com' is not an IPv4 or IPv6 address or CIDR range. "
                                + "Fix: write addresses or CIDR ranges separated by commas, e.g. remt_addr = 185.45.152.42,3.104.90.0/24,2001:db8::/32.")),
                arguments("non-numeric waittime", "[astqueue]\nwaittime = 45s\n",
                        List.of("websms.conf:2: error: [astqueue] waittime: '45s' is not a whole number. Fix: write a whole number, e.g. waittime = 45.")),
                arguments("unknown provider", "[websms]\nprovider [x] = acme\n",
                        List.of("websms.conf:2: error: [websms] provider [x]: no provider is named 'acme'; known: " + known()
                                + ". Fix: install the plugin jar that provides it into the plugins folder, or pick a known one.")),
                arguments("misspelt provider", "[websmsd]\nprovider = zadrama\n",
                        List.of("websms.conf:2: error: [websmsd] provider: no provider is named 'zadrama'; known: " + known()
                                + ". Fix: did you mean zadarma?")),
                arguments("indexed single-value key", "[websmsd]\nprox_header [a] = X-Real-IP\n",
                        List.of("websms.conf:2: error: [websmsd] prox_header [a]: prox_header takes a single value, without an index "
                                + "(it is used before the interface is known). Fix: write prox_header = X-Real-IP.")),
                arguments("unknown section", "[webmsd]\nkey_to = To\n",
                        List.of("websms.conf:1: error: [webmsd] [webmsd] is not a websms section. Fix: did you mean [websmsd]?")),
                arguments("unsupported message_encode", "[astqueue]\nmessage_encode = none\n",
                        List.of("websms.conf:2: error: [astqueue] message_encode: '' is not supported: a body must be encoded to stay on one call-file line. "
                                + "Fix: write message_encode = rfc3986 (or remove the line).")),
                arguments("bad url_host", "[websms]\nurl_host = ftp://files.example.com\nauth_method = none\n",
                        List.of("websms.conf:2: error: [websms] url_host: 'ftp://files.example.com' is not an http or https URL. Fix: write e.g. url_host = https://api.example.com.")),
                arguments("call-file injection through a context", "[astqueue]\ncontext = \"in; Application: System\"\n",
                        List.of("websms.conf:2: error: [astqueue] context: 'in; Application: System' would break the call file: Asterisk reads ; and a # "
                                + "after a blank as the start of a comment, and a line break ends the line. Fix: write a value without ;, # and line breaks.")),
                arguments("bad file mode", "[astqueue]\nfilemode = 0999\n",
                        List.of("websms.conf:2: error: [astqueue] filemode: '0999' is not an octal file mode. Fix: write three octal digits, e.g. filemode = 0660.")),
                arguments("a number that overflows four times over", "[websmsd]\nhttp_max_requests = 999999999\n",
                        List.of("websms.conf:2: error: [websmsd] http_max_requests: '999999999' is more than http_max_requests allows: at most 10000. "
                                + "Fix: write a number from 1 to 10000, e.g. http_max_requests = 256.")),
                arguments("0 for no limit", "[websmsd]\nhttp_max_requests = 0\n",
                        List.of("websms.conf:2: error: [websmsd] http_max_requests: '0' is less than http_max_requests allows: at least 1. "
                                + "Fix: write a number from 1 to 10000, e.g. http_max_requests = 256.")),
                arguments("priority 0", "[astqueue]\npriority = 0\n",
                        List.of("websms.conf:2: error: [astqueue] priority: '0' is less than priority allows: at least 1. "
                                + "Fix: write a number from 1 to 999999, e.g. priority = 1.")),
                arguments("a timeout of 0 seconds", "[websms]\nauth_method = none\ntimeout_read [a] = 0\n",
                        List.of("websms.conf:3: error: [websms] timeout_read [a]: '0' is less than timeout_read allows: at least 0.1 seconds. "
                                + "Fix: write a number from 0.1 to 600, e.g. timeout_read = 20.")),
                arguments("a number of a hundred digits", "[websmsd]\nhttp_max_body = " + "9".repeat(100) + "\n",
                        List.of("websms.conf:2: error: [websmsd] http_max_body: '" + "9".repeat(40) + "...' is more than http_max_body allows: at most 16777216. "
                                + "Fix: write a number from 1024 to 16777216, e.g. http_max_body = 65536.")),
                arguments("a resp_check regex that does not compile", "[websms]\nauth_method = none\nresp_check = \"/(ok/\"\n",
                        List.of("websms.conf:3: error: [websms] resp_check: '/(ok/' is not a regex websms can use (Unclosed group at 3), so every send would fail. "
                                + "Fix: correct it, e.g. resp_check = \"/^OK/i\" (flags: i, m, s, x, u).")),
                arguments("a resp_check regex with an unknown flag", "[websms]\nauth_method = none\nresp_check [a] = \"/ok/g\"\n",
                        List.of("websms.conf:3: error: [websms] resp_check [a]: '/ok/g' is not a regex websms can use (unknown flag g), so every send would fail. "
                                + "Fix: correct it, e.g. resp_check = \"/^OK/i\" (flags: i, m, s, x, u).")),
                arguments("an owner that does not exist", "[astqueue]\nfileowner = nosuchuser-websms\n",
                        List.of("websms.conf:2: error: [astqueue] fileowner: this machine has no user 'nosuchuser-websms', so no call file could be given to it. "
                                + "Fix: name a user (and group) that exists where websmsd writes call files, e.g. fileowner = asterisk:asterisk (see getent passwd).")),
                arguments("a group that does not exist", "[astqueue]\nfileowner = root:nosuchgroup-websms\n",
                        List.of("websms.conf:2: error: [astqueue] fileowner: this machine has no group 'nosuchgroup-websms', so no call file could be given to it. "
                                + "Fix: name a user (and group) that exists where websmsd writes call files, e.g. fileowner = asterisk:asterisk (see getent passwd).")),
                arguments("a file mode nobody can read", "[astqueue]\nfilemode = 0220\n",
                        List.of("websms.conf:2: error: [astqueue] filemode: '0220' lets nobody read the call files, so Asterisk could not read them. "
                                + "Fix: give Asterisk's user or group the right to read, e.g. filemode = 0660.")),
                arguments("several errors, in line order", "[astqueue]\nwaittime = x\nretrytime = y\n",
                        List.of("websms.conf:2: error: [astqueue] waittime: 'x' is not a whole number. Fix: write a whole number, e.g. waittime = 45.",
                                "websms.conf:3: error: [astqueue] retrytime: 'y' is not a whole number. Fix: write a whole number, e.g. retrytime = 300.")));
    }

    private static String known() {
        return "46elks (" + Path.of(registry.providers().get("46elks").origin()) + "), bandwidth ("
                + Path.of(registry.providers().get("bandwidth").origin()) + "), generic ("
                + Path.of(registry.providers().get("generic").origin()) + "), plivo ("
                + Path.of(registry.providers().get("plivo").origin()) + "), telnyx ("
                + Path.of(registry.providers().get("telnyx").origin()) + "), twilio-like ("
                + Path.of(registry.providers().get("twilio-like").origin()) + "), voipms ("
                + Path.of(registry.providers().get("voipms").origin()) + "), vonage ("
                + Path.of(registry.providers().get("vonage").origin()) + "), zadarma ("
                + Path.of(registry.providers().get("zadarma").origin()) + ")";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void aBadFileFailsWithTheExactErrorsAUserSees(String name, String file, List<String> errors) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(file));
        assertEquals(errors, e.errors().stream().map(Diagnostic::format).toList());
    }

    @Test
    void missingCredentialsAreAWarningNotAnErrorAsTheOriginalSentWithoutThem() throws Exception {
        WebsmsConfig config = load("[websms]\nurl_host = https://sms.example.com\n");
        assertEquals(List.of("websms.conf: warning: [websms] auth_method: auth_method = basic (the default) needs auth_user and auth_secret; "
                        + "without both, messages go out without credentials. Fix: set auth_user and auth_secret, or write auth_method = none if the ITSP needs no credentials."),
                config.warnings().stream().map(Diagnostic::format).toList());
        assertTrue(load("[websms]\nauth_method = none\n").warnings().isEmpty(), "unquoted none reads as empty: no auth, no warning");
    }

    @Test
    void anUnknownAuthMethodIsAWarningAndSendsWithoutCredentials() throws Exception {
        WebsmsConfig config = load("[websms]\nauth_method = basci\n");
        assertEquals(List.of("websms.conf:2: warning: [websms] auth_method: 'basci' is no known auth method, so messages go out without credentials "
                        + "(as in the original); known: basic, none, plain, zadarma. Fix: write auth_method = basic."),
                config.warnings().stream().map(Diagnostic::format).toList());
    }

    @Test
    void aResponseCheckThatCompilesIsAccepted() throws Exception {
        WebsmsConfig config = load("[websms]\nauth_method = none\nresp_check [a] = \"/^OK\\b/i\"\nresp_check [b] = \"#sent|queued#\"\nresp_check [c] = \"status=success\"\n");
        assertEquals(List.of(), config.warnings());
        assertEquals("/^OK\\b/i", config.outgoing("a").value("resp_check"));
    }

    @Test
    void fastAgiBeyondLoopbackIsAWarningSinceItHasNoAuthentication() throws Exception {
        assertEquals(List.of("websms.conf:4: warning: [websmsd] agi_addr: FastAGI has no authentication: anyone who can reach 0.0.0.0:4573 can send SMS "
                        + "through your ITSP account. Fix: write agi_addr = 127.0.0.1:4573 when Asterisk runs on this machine; else let only Asterisk's "
                        + "address reach the port (firewall)."),
                load("[websms]\nauth_method = none\n[websmsd]\nagi_addr = 0.0.0.0:4573\n").warnings().stream().map(Diagnostic::format).toList());
        assertEquals(1, load("[websms]\nauth_method = none\n[websmsd]\nagi_addr = [::]:4573\n").warnings().size());
        assertEquals(1, load("[websms]\nauth_method = none\n[websmsd]\nagi_addr = 192.0.2.7:4573\n").warnings().size());
        for (String loopback : List.of("127.0.0.1:4573", "127.0.1.1:4573", "[::1]:4573", "localhost:4573", "")) {
            assertEquals(List.of(), load("[websms]\nauth_method = none\n[websmsd]\nagi_addr = \"" + loopback + "\"\n").warnings(), loopback);
        }
    }

    @Test
    void anInterfaceAnyoneMayCallOnEveryAddressIsAWarningNamingTheFix() throws Exception {
        String shipped = "[websms]\nauth_method = none\n[websmsd]\n";
        assertEquals(List.of("websms.conf: warning: [websmsd] remt_addr: anyone who can reach the webhook server on 0.0.0.0:8080 can post SMS "
                        + "into Asterisk: no remt_addr limits who may call, and auth_secret is empty, so signatures are not checked. Fix: set remt_addr to your ITSP's addresses (e.g. remt_addr = "
                        + "185.45.152.42,3.104.90.0/24), or set auth_secret, or listen on loopback behind a reverse proxy (http_addr = 127.0.0.1:8080)."),
                formatted(load(Map.of("WEBSMSD_PORT", "8080"), shipped).warnings()));
        assertEquals(List.of("websms.conf: warning: [websmsd] remt_addr [b]: anyone who can reach the webhook server on 192.0.2.7:8080 can post SMS "
                        + "into Asterisk through interface b: no remt_addr limits who may call, and auth_secret is empty, so signatures are not checked. Fix: set remt_addr to your ITSP's addresses (e.g. remt_addr [b] = "
                        + "185.45.152.42,3.104.90.0/24), or set auth_secret, or listen on loopback behind a reverse proxy (http_addr = 127.0.0.1:8080)."),
                formatted(load(Map.of(), shipped + "http_addr = 192.0.2.7:8080\nremt_addr [a] = 1.2.3.4\nkey_to [b] = to\n").warnings()));
        // Guarded, on loopback, or with no webhook server at all: nothing to say.
        assertEquals(List.of(), load(Map.of("WEBSMSD_PORT", "8080"), shipped + "remt_addr = 1.2.3.4\n").warnings());
        assertEquals(List.of(), load(Map.of("WEBSMSD_PORT", "8080"), shipped + "http_addr = 127.0.0.1:9000\n").warnings());
        assertEquals(List.of(), load(Map.of(), shipped).warnings());
        assertEquals(List.of(), load(Map.of("WEBSMSD_PORT", "http"), shipped).warnings());
        assertEquals(List.of(), load(Map.of("WEBSMSD_PORT", "8080"), shipped + "provider = zadarma\nauth_secret = \"k\"\n").warnings());
    }

    @Test
    void anAuthSecretFromAnUnsetVariableWarnsThatSignaturesAreNotChecked() throws Exception {
        WebsmsConfig config = load(Map.of("WEBSMSD_PORT", "8080"), "[websms]\nauth_method = none\n[websmsd]\nprovider = zadarma\nauth_secret = ${ZADARMA_SECRET}\n");
        assertEquals(List.of("websms.conf: warning: [websmsd] remt_addr: anyone who can reach the webhook server on 0.0.0.0:8080 can post SMS "
                        + "into Asterisk: no remt_addr limits who may call, and auth_secret is empty, so signatures are not checked. Fix: set remt_addr "
                        + "to your ITSP's addresses (e.g. remt_addr = 185.45.152.42,3.104.90.0/24), or set auth_secret, or listen on loopback behind "
                        + "a reverse proxy (http_addr = 127.0.0.1:8080).",
                "websms.conf:5: warning: [websmsd] auth_secret: ${ZADARMA_SECRET} is not set in the environment, so it reads as empty. Fix: set "
                        + "ZADARMA_SECRET in websms's environment (Environment= or EnvironmentFile= of the systemd unit), or write the value itself."),
                formatted(config.warnings()));
    }

    @Test
    void checkConfigJudgesTheWebhookServerAsTheDaemonRunsItWithWebsmsdPort() throws Exception {
        WebsmsConfig config = new ConfigLoader(registry, Map.<String, String>of()::get).assumingWebhookServer()
                .parse("websms.conf", "[websms]\nauth_method = none\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("websms.conf: warning: [websmsd] remt_addr: anyone who can reach the webhook server on every address (WEBSMSD_PORT "
                        + "without http_addr, as the systemd unit and the container start websmsd) can post SMS into Asterisk: no remt_addr limits who "
                        + "may call, and auth_secret is empty, so signatures are not checked. Fix: set remt_addr to your ITSP's addresses (e.g. remt_addr = 185.45.152.42,3.104.90.0/24), or set auth_secret, or listen on loopback "
                        + "behind a reverse proxy (http_addr = 127.0.0.1:8080)."),
                formatted(config.warnings()));
    }

    @Test
    void credentialsInAUrlAndApiKeysInValStaticAreNeverShownInAMessage() throws Exception {
        WebsmsConfig config = load("[websms]\nauth_method = none\nurl_host = \"user:Pw0rd@api.example.com/x?key=K3y\"\nval_static = \"from=me,K3y\"\n");
        assertEquals(List.of("websms.conf:3: warning: [websms] url_host: '********@api.example.com/x?key=********' has no scheme; http:// is assumed, "
                        + "as the original did. Fix: write url_host = https://********@api.example.com/x?key=******** (or http:// if the ITSP has no TLS).",
                "websms.conf:4: warning: [websms] val_static: item 2 of 2 is not key=value and is ignored, as in the original. "
                        + "Fix: write val_static = \"key1=value1,key2=value2\"."),
                formatted(config.warnings()));
        ConfigException e = assertThrows(ConfigException.class, () -> load("[websms]\nauth_method = none\nurl_host = \"ftp://user:Pw0rd@files.example.com\"\n"));
        assertEquals(List.of("websms.conf:3: error: [websms] url_host: 'ftp://********@files.example.com' is not an http or https URL. "
                + "Fix: write e.g. url_host = https://api.example.com."), formatted(e.errors()));
    }

    @Test
    void anOwnerThatExistsByNameOrNumberIsAccepted() throws Exception {
        for (String owner : List.of("root", "root:root", "0:0", "4242")) {
            assertEquals(owner, load("[astqueue]\nfileowner = " + owner + "\nfilemode = 0640\n").astQueue().fileOwner());
        }
    }

    @Test
    void everyNumericKeyHasBoundsThatHoldItsDefault() throws Exception {
        for (KeySpec spec : CoreKeys.all()) {
            if (spec.type() == ValueType.INTEGER || spec.type() == ValueType.SECONDS) {
                assertTrue(spec.range() != null, spec.name() + " has no bounds");
                java.math.BigDecimal value = new java.math.BigDecimal(spec.defaultValue());
                assertTrue(value.compareTo(spec.range().min()) >= 0 && value.compareTo(spec.range().max()) <= 0, spec.name());
            }
        }
        WebsmsConfig config = load("[websmsd]\nhttp_max_requests = 10000\nhttp_body_timeout = 0.1\n[astqueue]\npriority = 999999\n");
        assertEquals(10000, config.daemon().maxRequests());
        assertEquals(Duration.ofMillis(100), config.daemon().bodyTimeout());
        assertEquals(999999, config.astQueue().priority());
    }

    @Test
    void theLedgerKeepsThirtyDaysAndNoTextsUnlessTold() throws Exception {
        WebsmsConfig defaults = load("[websms]\nauth_method = none\n");
        assertEquals(Duration.ofDays(30), defaults.daemon().ledgerDays());
        assertEquals(false, defaults.daemon().ledgerBody());
        WebsmsConfig set = load("[websmsd]\nledger_days = 3650\nledger_body = yes\n");
        assertEquals(Duration.ofDays(3650), set.daemon().ledgerDays());
        assertEquals(true, set.daemon().ledgerBody());
        ConfigException e = assertThrows(ConfigException.class, () -> load("[websmsd]\nledger_days = 0\nledger_body = maybe\n"));
        assertEquals(List.of("websms.conf:2: error: [websmsd] ledger_days: '0' is less than ledger_days allows: at least 1. Fix: write a number from 1 to 3650, e.g. ledger_days = 30.",
                        "websms.conf:3: error: [websmsd] ledger_body: 'maybe' is not yes or no. Fix: write ledger_body = yes or ledger_body = no."),
                formatted(e.errors()));
    }

    @Test
    void deliveryOverTheAmiIsReadTypedAndItsSecretNeverShown() throws Exception {
        WebsmsConfig callFiles = load("[websms]\nauth_method = none\n");
        assertTrue(callFiles.astQueue().ami().isEmpty(), "call files by default, as the original");
        WebsmsConfig ami = load("""
                [astqueue]
                delivery = ami
                ami_addr = 10.0.0.5:5039
                ami_user = websms
                ami_secret = "S3cr3t-ami"
                ami_mode = direct
                ami_endpoints = "+4930123456=alice,+4930123457=bob carol"
                inbox_max_age = 3600
                inbox_notify_after = 30
                inbox_notify_url = https://hooks.example.com/sms
                """);
        AmiDeliverySettings settings = ami.astQueue().ami().orElseThrow();
        assertEquals("10.0.0.5", settings.host());
        assertEquals(5039, settings.port());
        assertEquals("websms", settings.user());
        assertEquals("S3cr3t-ami", settings.secret());
        assertEquals(AmiDeliverySettings.Mode.DIRECT, settings.mode());
        assertEquals(Map.of("+4930123456", List.of("alice"), "+4930123457", List.of("bob", "carol")), settings.endpoints());
        assertEquals(Duration.ofHours(1), settings.inboxMaxAge());
        assertEquals(Duration.ofMinutes(30), settings.notifyAfter());
        assertFalse(settings.toString().contains("S3cr3t-ami"), settings.toString());
        WebsmsConfig defaults = load("[astqueue]\ndelivery = ami\nami_user = websms\nami_secret = x\n");
        assertEquals("127.0.0.1:5038", defaults.astQueue().ami().orElseThrow().address());
        assertEquals(AmiDeliverySettings.Mode.DIALPLAN, defaults.astQueue().ami().orElseThrow().mode());
        assertEquals(Duration.ofDays(7), defaults.astQueue().ami().orElseThrow().inboxMaxAge());
    }

    @Test
    void deliveryOverTheAmiWithoutCredentialsOrAWayToFindEndpointsIsAnErrorThatSaysWhatToWrite() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("""
                [astqueue]
                delivery = AMI
                ami_mode = direct
                ami_endpoints = "+4930123456=alice/1"
                ami_addr = nohost
                """));
        assertEquals(List.of(
                        "websms.conf:2: error: [astqueue] delivery: delivery = ami needs ami_user and ami_secret: the AMI lets no one in without them. "
                                + "Fix: add a user to Asterisk's manager.conf (README, \"Delivery over the AMI\") and write ami_user and ami_secret here.",
                        "websms.conf:4: error: [astqueue] ami_endpoints: 'alice/1' (for +4930123456) is not a PJSIP endpoint name. "
                                + "Fix: write ami_endpoints = \"+4930123456=alice,+4930123457=bob carol\".",
                        "websms.conf:5: error: [astqueue] ami_addr: 'nohost' is not host:port. Fix: write e.g. ami_addr = 127.0.0.1:5038."),
                formatted(e.errors()));
        ConfigException direct = assertThrows(ConfigException.class, () -> load("[astqueue]\ndelivery = ami\nami_user = u\nami_secret = s\nami_mode = direct\n"));
        assertEquals(List.of("websms.conf:2: error: [astqueue] ami_mode: ami_mode = direct needs ami_endpoints or ami_hint_context to find the endpoint "
                + "a number belongs to. Fix: write ami_endpoints = \"+4930123456=alice\", or ami_hint_context = the context of your hints."), formatted(direct.errors()));
    }

    @Test
    void amiKeysWithCallFileDeliveryAreAWarningNotSilence() throws Exception {
        WebsmsConfig config = load("[websms]\nauth_method = none\n[astqueue]\nami_user = websms\n");
        assertEquals(List.of("websms.conf:4: warning: [astqueue] ami_user: ami_user is set, but delivery is callfile, so it is not used. "
                + "Fix: write delivery = ami to deliver incoming SMS over the AMI, or remove ami_user."), formatted(config.warnings()));
    }

    @Test
    void anUnterminatedQuoteIsReadOnceNotOncePerLineItSpans() {
        // Each ${PART} is looked up once per reading of its line: a quote read again for every line it spans
        // (as before) looks up n * n / 2 of them.
        int lines = 3_000;
        StringBuilder text = new StringBuilder("[websms]\nauth_secret = \"${PART}\n");
        text.append("; ${PART}\n".repeat(lines));
        AtomicLong lookups = new AtomicLong();
        ConfigLoader loader = new ConfigLoader(registry, name -> {
            lookups.incrementAndGet();
            return "x";
        });
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse("websms.conf", text.toString().getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("websms.conf:2: error: [websms] auth_secret: the double quote opened here is never closed. Fix: close the value with \"."),
                e.errors().stream().map(Diagnostic::format).toList());
        assertTrue(lookups.get() <= lines + 10, lookups + " lookups for " + (lines + 1) + " variables");
    }

    @Test
    void aLargeFileJustUnderTheCapWithAnUnterminatedQuoteIsRead(@TempDir Path dir) throws Exception {
        // 150,000 lines under the 1 MiB cap: minutes when a quote was read again for every line it spans.
        StringBuilder text = new StringBuilder("[websms]\nauth_secret = \"open\n");
        text.append("; c\n".repeat(150_000));
        text.append("[astqueue]\nwaittime = x\n");
        Path file = Files.writeString(dir.resolve("websms.conf"), text);
        assertTrue(Files.size(file) < 1 << 20);
        ConfigException e = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThrows(ConfigException.class, () -> new ConfigLoader(registry).load(file)));
        assertEquals(List.of(file + ":2: error: [websms] auth_secret: the double quote opened here is never closed. Fix: close the value with \".",
                        file + ":150004: error: [astqueue] waittime: 'x' is not a whole number. Fix: write a whole number, e.g. waittime = 45."),
                e.errors().stream().map(Diagnostic::format).toList());
    }

    private static List<String> formatted(List<Diagnostic> diagnostics) {
        return diagnostics.stream().map(Diagnostic::format).toList();
    }

    private static WebsmsConfig load(Map<String, String> env, String text) throws ConfigException {
        return new ConfigLoader(registry, env::get).parse("websms.conf", text.getBytes(StandardCharsets.UTF_8));
    }

    private static WebsmsConfig load(String text) throws ConfigException {
        return new ConfigLoader(registry, Map.of("HOME", "/root")::get).parse("websms.conf", text.getBytes(StandardCharsets.UTF_8));
    }
}
