package dev.acrbridge.jenkins.credentials;

/** Which JVM acquires the registry token: the controller, or the agent that runs the step. */
public enum UsedOn {
    /** The controller acquires tokens and caches them across builds. */
    CONTROLLER,
    /**
     * The agent acquires tokens with its own identity (managed identity of the VM, AKS workload identity); the token
     * reaches the controller only to be masked in the build log and to fill the variables a step asks for.
     */
    AGENT;

    /**
     * Agents are less trusted than the controller: only the agent's own identity is used there, never a secret
     * the controller holds (client secret, certificate, federated token from another credential).
     *
     * @param type an identity type
     * @return true for managed identity and workload identity
     */
    public static boolean allowsAgent(IdentityType type) {
        return type == IdentityType.MANAGED_IDENTITY || type == IdentityType.WORKLOAD_IDENTITY;
    }

    /** @return the label shown in the form */
    public String getDisplayName() {
        return ChoiceLabels.of(this);
    }
}
