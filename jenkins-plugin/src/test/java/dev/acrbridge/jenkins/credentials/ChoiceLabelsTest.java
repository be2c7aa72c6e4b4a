package dev.acrbridge.jenkins.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The form's words for every choice the credential offers come from Messages.properties, keyed by the constant. */
class ChoiceLabelsTest {

    @Test
    void everyChoiceHasItsOwnLabel() {
        for (Enum<?> choice : Stream.of(IdentityType.values(), UserAssignedIdType.values(), UsedOn.values())
                .flatMap(Stream::of).toList()) {
            String label = ChoiceLabels.of(choice);
            assertFalse(label.isBlank(), choice + " has no label");
            assertFalse(label.contains(choice.name()), choice + " is labelled with its key: " + label);
        }
        assertEquals("Service principal with a client secret", IdentityType.SERVICE_PRINCIPAL_SECRET.getDisplayName());
        assertEquals("User-assigned, by resource id", UserAssignedIdType.RESOURCE_ID.getDisplayName());
        assertEquals("Controller (tokens cached across builds)", UsedOn.CONTROLLER.getDisplayName());
    }

    /** Credential names and build log lines use the same noun per identity, from the shared-auth kind. */
    @Test
    void everyIdentityTypeHasItsNoun() {
        assertEquals(List.of("service principal", "service principal with certificate", "managed identity",
                        "workload identity", "federated token"),
                Stream.of(IdentityType.values()).map(IdentityType::getShortName).toList());
    }
}
