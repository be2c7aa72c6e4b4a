package dev.acrbridge.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URL;
import java.net.URLConnection;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules of ARCHITECTURE.md, checked against the main classes of every module in this build (test classes are
 * not imported: a test may use the token service and make HTTP calls of its own). The Jenkins plugin's classes are
 * read when the build includes the plugin ({@code -Djenkins}, which needs the Jenkins repository); without it the
 * plugin's package is named in the face rules but absent.
 */
class ArchitectureTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.acrbridge");
        // a rule over no classes passes: make sure every module was really read
        List<String> modules = new ArrayList<>(List.of("dev.acrbridge.auth", "dev.acrbridge.cli",
                "dev.acrbridge.action", "dev.acrbridge.credhelper", "dev.acrbridge.settings", "dev.acrbridge.testsvc",
                "dev.acrbridge.bench",
                "dev.acrbridge.examples"));
        if (Boolean.getBoolean("acr.architecture.jenkins")) { // set by the -Djenkins profile
            modules.add("dev.acrbridge.jenkins");
        }
        for (String pkg : modules) {
            assertTrue(main.stream().anyMatch(c -> c.getPackageName().startsWith(pkg)), "no main class in " + pkg);
        }
    }

    @Test
    void facesMakeNoHttpCallOfTheirOwn() {
        Rules.FACES_MAKE_NO_HTTP_CALL.check(main);
    }

    @Test
    void facesParseNoToken() {
        Rules.FACES_PARSE_NO_TOKEN.check(main);
    }

    @Test
    void mainCodeNeverUsesTheTokenServiceExceptTheDemoAndTheBench() {
        Rules.ONLY_DEMO_AND_BENCH_USE_THE_TOKEN_SERVICE.check(main);
    }

    @Test
    void theAuthCoreKnowsNoFaceNoCiAndNoTokenService() {
        Rules.AUTH_CORE_KNOWS_NO_FACE.check(main);
    }

    @Test
    void sharedAuthHasNoPackageCycles() {
        Rules.NO_CYCLES_IN_SHARED_AUTH.check(main);
        Rules.SHARED_AUTH_PACKAGES_DO_NOT_REACH_BACK_TO_ITS_ENTRY_POINT.check(main);
    }

    @Test
    void noModuleHasPackageCycles() {
        Rules.NO_PACKAGE_CYCLES.check(main);
    }

    @Test
    void internalPackagesStayInTheirModule() {
        Rules.INTERNAL_PACKAGES_STAY_IN_SHARED_AUTH.check(main);
    }

    /** The rules, named after ARCHITECTURE.md's sentences. */
    static final class Rules {
        /** The code that meets the user: CLI, credential helper, GitHub Action (and their settings), Jenkins plugin. */
        static final String[] FACES = {"dev.acrbridge.cli..", "dev.acrbridge.credhelper..", "dev.acrbridge.action..",
                "dev.acrbridge.settings..", "dev.acrbridge.jenkins.."};

        static final ArchRule FACES_MAKE_NO_HTTP_CALL = noClasses().that().resideInAnyPackage(FACES)
                .should().dependOnClassesThat(resideInAnyPackage("java.net.http..", "dev.acrbridge.auth.http..",
                        "dev.acrbridge.auth.retry..", "com.azure.core.http..", "com.azure.identity..",
                        "com.microsoft.aad.msal4j..", "org.apache.http..", "okhttp3..")
                        .or(JavaClass.Predicates.belongToAnyOf(URLConnection.class, HttpURLConnection.class,
                                HttpsURLConnection.class, Socket.class, SSLSocket.class)))
                .orShould().callMethodWhere(describe("URL.openConnection or URL.openStream", (JavaMethodCall call) ->
                        call.getTargetOwner().isEquivalentTo(URL.class)
                                && (call.getName().equals("openConnection") || call.getName().equals("openStream"))))
                .because("every network call goes through shared-auth (host trust, retries, proxy, error catalog)");

        static final ArchRule FACES_PARSE_NO_TOKEN = noClasses().that().resideInAnyPackage(FACES)
                .should().dependOnClassesThat(resideInAnyPackage("dev.acrbridge.auth.registry..")
                        .and(describe("JwtClaims", c -> c.getSimpleName().equals("JwtClaims")))
                        .or(resideInAnyPackage("com.nimbusds..", "io.jsonwebtoken..", "com.auth0.jwt..")))
                .orShould().callMethod(Base64.class, "getUrlDecoder")
                .because("a token's expiry and grants are read once, in shared-auth (RegistryCredential, ScopedToken)");

        static final ArchRule ONLY_DEMO_AND_BENCH_USE_THE_TOKEN_SERVICE = noClasses()
                .that().resideOutsideOfPackages("dev.acrbridge.testsvc..", "dev.acrbridge.examples.demo..",
                        "dev.acrbridge.bench..")
                .should().dependOnClassesThat().resideInAPackage("dev.acrbridge.testsvc..")
                .because("the token service stands in for the cloud in tests; the demo (./demo) and the bench "
                        + "(bench/run) start it on purpose, nothing that ships may");

        static final ArchRule AUTH_CORE_KNOWS_NO_FACE = noClasses().that().resideInAPackage("dev.acrbridge.auth..")
                .should().dependOnClassesThat(resideInAnyPackage(FACES)
                        .or(resideInAnyPackage("dev.acrbridge.testsvc..", "dev.acrbridge.bench..",
                                "dev.acrbridge.examples..", "hudson..", "jenkins..", "org.kohsuke..", "picocli..")))
                .because("shared-auth serves every face and knows none of them");

        static final ArchRule NO_CYCLES_IN_SHARED_AUTH = slices().matching("dev.acrbridge.auth.(*)..")
                .should().beFreeOfCycles();

        /** Every package of ours is its own slice: a face's packages layer like shared-auth's. */
        static final ArchRule NO_PACKAGE_CYCLES = slices().matching("dev.acrbridge.(**)").should().beFreeOfCycles();

        static final ArchRule SHARED_AUTH_PACKAGES_DO_NOT_REACH_BACK_TO_ITS_ENTRY_POINT = noClasses()
                .that().resideInAPackage("dev.acrbridge.auth.*..")
                .should().dependOnClassesThat(resideInAPackage("dev.acrbridge.auth"))
                .because("AcrAuth (the root package) composes the domain packages; they never call back up");

        static final ArchRule INTERNAL_PACKAGES_STAY_IN_SHARED_AUTH = noClasses()
                .that().resideOutsideOfPackage("dev.acrbridge.auth..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.acrbridge.auth.http..",
                        "dev.acrbridge.auth.retry..")
                .because("the HTTP transport and its retries are shared-auth's own: faces, demo and bench go "
                        + "through AcrAuth");

        private Rules() {
        }
    }
}
