package dev.acrbridge.jenkins.binding;

import hudson.FilePath;
import hudson.model.Computer;
import hudson.model.Run;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code acrLogin} blocks open in each build, innermost last, so that a nested block can start from the
 * enclosing block's logins ({@code MultiBinding.bind} is not told the enclosing environment). Matched by agent and
 * workspace. Kept in memory: after a controller restart an inner block starts from the user's own configuration.
 */
final class ActiveLogins {
    private static final Map<String, Deque<Block>> BY_RUN = new ConcurrentHashMap<>();

    private ActiveLogins() {
    }

    /**
     * An open block.
     *
     * @param id          unique id of the block
     * @param place       agent and workspace the block runs in
     * @param environment the variables the block exported (DOCKER_CONFIG, REGISTRY_AUTH_FILE, HELM_REGISTRY_CONFIG)
     */
    record Block(String id, String place, Map<String, String> environment) {
        Block {
            environment = Map.copyOf(environment);
        }
    }

    static String place(FilePath workspace) {
        Computer computer = workspace.toComputer();
        return (computer == null ? "?" : computer.getName()) + "|" + workspace.getRemote();
    }

    static Map<String, String> innermost(Run<?, ?> run, FilePath workspace) {
        Deque<Block> blocks = BY_RUN.get(run.getExternalizableId());
        if (blocks != null) {
            String place = place(workspace);
            synchronized (blocks) {
                for (Iterator<Block> it = blocks.descendingIterator(); it.hasNext(); ) {
                    Block b = it.next();
                    if (b.place().equals(place)) {
                        return b.environment();
                    }
                }
            }
        }
        return Map.of();
    }

    static void open(Run<?, ?> run, Block block) {
        Deque<Block> blocks = BY_RUN.computeIfAbsent(run.getExternalizableId(), k -> new ArrayDeque<>());
        synchronized (blocks) {
            blocks.addLast(block);
        }
    }

    static void close(Run<?, ?> run, String blockId) {
        BY_RUN.computeIfPresent(run.getExternalizableId(), (k, blocks) -> {
            synchronized (blocks) {
                blocks.removeIf(b -> b.id().equals(blockId));
                return blocks.isEmpty() ? null : blocks;
            }
        });
    }
}
