package dev.acrbridge.jenkins.credentials;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.domains.Domain;
import dev.acrbridge.auth.diagnostics.InvalidConfigurationException;
import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.model.ModelObject;
import hudson.model.Run;
import hudson.security.ACL;
import java.util.List;
import jenkins.model.Jenkins;
import org.springframework.security.core.Authentication;

/**
 * Where the credentials an ACR credential refers to (certificate, federated token) may come from, and as whom they
 * are looked up; and whether the ACR credential may use controller-side inputs (token file, CA file, the
 * controller's managed identity). Jenkins' permission model decides, never a request parameter:
 * <ul>
 * <li>in a build: {@link CredentialsProvider#findCredentialById(String, Class, Run)} with the run's authentication
 *     (Authorize Project applies, usage is tracked), and only what the store holding the ACR credential can see;</li>
 * <li>in the form: the current user's own credentials, plus the context's credentials when the user has
 *     {@link CredentialsProvider#USE_ITEM} there; the Jenkins-wide store only for administrators;</li>
 * <li>outside a build and a form (another plugin asking for the password): only an ACR credential in the
 *     Jenkins-wide store, which only administrators edit, resolves its references, in that store.</li>
 * </ul>
 * A SYSTEM-scoped reference is never usable from a job. Controller-side inputs need an administrator: the ACR
 * credential sits in the Jenkins-wide store, or an administrator runs the form test.
 */
abstract class ReferenceLookup {

    /**
     * @param id    the referenced credential's id
     * @param type  its type
     * @param field the ACR credential's field naming it
     * @param <C>   type
     * @return the credential
     * @throws InvalidConfigurationException naming the field when it is missing or may not be used here
     */
    abstract <C extends IdCredentials> C find(String id, Class<C> type, String field);

    /** @return true when an administrator configured this use: controller files and identity may be used */
    abstract boolean administratorConfigured();

    /** @return in a build: the run's lookup, limited to what the store holding {@code owner} can see */
    static ReferenceLookup forRun(Run<?, ?> run, AcrEntraCredentials owner) {
        return new InRun(run, holderContext(owner, run.getParent()), inJenkinsStore(owner));
    }

    /** @return in the credential form of {@code context} (null: the Jenkins-wide store), as the current user */
    static ReferenceLookup forForm(Item context) {
        return new InForm(context, Jenkins.getAuthentication2());
    }

    /** @return outside a build: the Jenkins-wide store for an ACR credential kept there, nothing otherwise */
    static ReferenceLookup unbound(AcrEntraCredentials owner) {
        return inJenkinsStore(owner) ? new InJenkinsStore(owner.getScope()) : new Refused(owner.getId());
    }

    /** The credential instance is one of the Jenkins-wide store's (compared by identity, not by id). */
    static boolean inJenkinsStore(Credentials owner) {
        for (List<Credentials> list : SystemCredentialsProvider.getInstance().getDomainCredentialsMap().values()) {
            for (Credentials c : list) {
                if (c == owner) {
                    return true;
                }
            }
        }
        return false;
    }

    /** @return the context (folder, Jenkins) of the store, seen from {@code item}, that holds {@code owner} */
    private static ModelObject holderContext(Credentials owner, Item item) {
        for (CredentialsStore store : CredentialsProvider.lookupStores(item)) {
            for (Domain domain : store.getDomains()) {
                for (Credentials c : store.getCredentials(domain)) {
                    if (c == owner) {
                        return store.getContext();
                    }
                }
            }
        }
        return null; // a user's store, or another provider: the run's authentication alone decides
    }

    private static InvalidConfigurationException notUsable(String field, String id, String where, String fix) {
        return new InvalidConfigurationException(field, "credential '" + id + "' " + where, fix);
    }

    private static void refuseSystemScope(Credentials c, String field, String id) {
        if (c.getScope() == CredentialsScope.SYSTEM) {
            throw notUsable(field, id, "is SYSTEM-scoped and cannot be used by a job",
                    "give '" + id + "' GLOBAL scope, or refer to another credential");
        }
    }

    private static <C extends IdCredentials> C first(List<C> candidates, String id) {
        for (C c : candidates) {
            if (id.equals(c.getId())) {
                return c;
            }
        }
        return null;
    }

    /** In a build: the run's authentication, tracked, within the holder's reach. */
    private static final class InRun extends ReferenceLookup {
        private final Run<?, ?> run;
        private final ModelObject holder;
        private final boolean jenkinsStore;

        InRun(Run<?, ?> run, ModelObject holder, boolean jenkinsStore) {
            this.run = run;
            this.holder = holder;
            this.jenkinsStore = jenkinsStore;
        }

        @Override
        <C extends IdCredentials> C find(String id, Class<C> type, String field) {
            C found = CredentialsProvider.findCredentialById(id, type, run);
            if (found == null) {
                throw notUsable(field, id, "was not found, or this build's authentication may not use it",
                        "create '" + id + "' where this job can use it (the job's folder or the Jenkins-wide"
                                + " store, GLOBAL scope), or let the user the build runs as use it");
            }
            refuseSystemScope(found, field, id);
            if (holder instanceof ItemGroup<?> group && holder != Jenkins.get()
                    && first(CredentialsProvider.lookupCredentialsInItemGroup(type, group, ACL.SYSTEM2, List.of()),
                            id) == null) {
                throw notUsable(field, id, "is not visible from the folder that holds this ACR credential",
                        "move '" + id + "' to that folder or one of its parents");
            }
            CredentialsProvider.track(run, found);
            return found;
        }

        @Override
        boolean administratorConfigured() {
            return jenkinsStore;
        }
    }

    /** In the form: what the current user may use in the form's context. */
    private static final class InForm extends ReferenceLookup {
        private final Item context;
        private final Authentication user;

        InForm(Item context, Authentication user) {
            this.context = context;
            this.user = user;
        }

        @Override
        <C extends IdCredentials> C find(String id, Class<C> type, String field) {
            C found;
            if (context == null) {
                // the Jenkins-wide store's form: the caller passed the ADMINISTER check
                found = first(CredentialsProvider.lookupCredentialsInItemGroup(type, Jenkins.get(), ACL.SYSTEM2,
                        List.of()), id);
            } else {
                found = first(CredentialsProvider.lookupCredentialsInItem(type, context, user, List.of()), id);
                if (found == null && context.hasPermission2(user, CredentialsProvider.USE_ITEM)) {
                    found = first(CredentialsProvider.lookupCredentialsInItem(type, context, ACL.SYSTEM2,
                            List.of()), id);
                }
            }
            if (found == null) {
                throw notUsable(field, id, "was not found, or you may not use it here",
                        "pick a credential from the list");
            }
            if (context != null) {
                refuseSystemScope(found, field, id);
            }
            return found;
        }

        @Override
        boolean administratorConfigured() {
            return Jenkins.get().getACL().hasPermission2(user, Jenkins.ADMINISTER);
        }
    }

    /** Outside a build, for an ACR credential of the Jenkins-wide store (only administrators edit it). */
    private static final class InJenkinsStore extends ReferenceLookup {
        private final CredentialsScope ownerScope;

        InJenkinsStore(CredentialsScope ownerScope) {
            this.ownerScope = ownerScope;
        }

        @Override
        <C extends IdCredentials> C find(String id, Class<C> type, String field) {
            C found = first(CredentialsProvider.lookupCredentialsInItemGroup(type, Jenkins.get(), ACL.SYSTEM2,
                    List.of()), id);
            if (found == null) {
                throw notUsable(field, id, "is not in the Jenkins-wide credentials",
                        "create it in Manage Jenkins > Credentials");
            }
            if (found.getScope() == CredentialsScope.SYSTEM && ownerScope != CredentialsScope.SYSTEM) {
                throw notUsable(field, id, "is SYSTEM-scoped", "make this ACR credential SYSTEM-scoped too, or"
                        + " give '" + id + "' GLOBAL scope");
            }
            return found;
        }

        @Override
        boolean administratorConfigured() {
            return true;
        }
    }

    /** Outside a build, for an ACR credential of a folder or user store: references need a build's authority. */
    private static final class Refused extends ReferenceLookup {
        private final String ownerId;

        Refused(String ownerId) {
            this.ownerId = ownerId;
        }

        @Override
        <C extends IdCredentials> C find(String id, Class<C> type, String field) {
            throw notUsable(field, id, "can only be resolved inside a build: ACR credential '" + ownerId
                    + "' is not in the Jenkins-wide store", "use '" + ownerId + "' from a build (withCredentials,"
                    + " docker.withRegistry), where the build's authentication decides what it may use");
        }

        @Override
        boolean administratorConfigured() {
            return false;
        }
    }
}
