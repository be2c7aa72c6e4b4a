package dev.acrbridge.jenkins;

import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import java.util.function.Supplier;
import jenkins.model.Jenkins;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;

/** Users of the permission tests: who they are, what they may do, and running code as one of them. */
public final class Users {
    private Users() {
    }

    /**
     * Turns security on: the dummy realm (a user logs in with the name as password), and an authorization strategy in
     * which "admin" administers Jenkins and nobody else may do anything until the test grants it.
     *
     * @param j the test's Jenkins
     * @return the strategy in force, for the test's own grants
     */
    public static MockAuthorizationStrategy secure(JenkinsRule j) {
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        MockAuthorizationStrategy strategy = new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin");
        j.jenkins.setAuthorizationStrategy(strategy);
        return strategy;
    }

    /**
     * @param user   a user id (created on first use)
     * @param action what to run with that user's authentication
     * @return what {@code action} returned
     */
    public static <T> T as(String user, Supplier<T> action) {
        try (ACLContext ignored = ACL.as2(User.getById(user, true).impersonate2())) {
            return action.get();
        }
    }
}
