package dev.acrbridge.auth.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryFlag;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Owner-only access to files and directories, decided in one place. Where the file system has POSIX permissions
 * (Linux, macOS) files are created 0600 and directories 0700 from the start. Elsewhere (Windows) they are created
 * normally and then given an ACL of one ALLOW entry for their owner, which replaces every inherited entry; callers
 * restrict a file before any secret is written to it.
 */
public final class OwnerOnlyAccess {
    /** How access is restricted on a file system. */
    public enum Model {
        /** POSIX permission bits, given at creation. */
        POSIX,
        /** An owner-only ACL, set right after creation. */
        ACL
    }

    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");

    private OwnerOnlyAccess() {
    }

    /**
     * Decided per file system, with no I/O (it sits on the credential helper's fast path): the JDK's Unix file
     * systems offer the POSIX view for every store, Windows' never does.
     *
     * @param path any path
     * @return how access is restricted where the path lives
     */
    public static Model modelOf(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix") ? Model.POSIX : Model.ACL;
    }

    /**
     * @param dir a directory to create; its parent exists
     * @throws IOException when it cannot be created (also {@link java.nio.file.FileAlreadyExistsException})
     */
    static void createDirectory(Path dir) throws IOException {
        if (modelOf(dir) == Model.POSIX) {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
        } else {
            restrictOrDelete(Files.createDirectory(dir), true);
        }
    }

    /**
     * @param file a file to create, empty
     * @throws IOException when it cannot be created (also {@link java.nio.file.FileAlreadyExistsException})
     */
    static void createFile(Path file) throws IOException {
        if (modelOf(file) == Model.POSIX) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE_MODE));
        } else {
            restrictOrDelete(Files.createFile(file), false);
        }
    }

    /**
     * @param dir    where the temporary file goes
     * @param prefix its name's prefix
     * @param suffix its name's suffix
     * @return a new empty owner-only file
     * @throws IOException when it cannot be created
     */
    static Path createTempFile(Path dir, String prefix, String suffix) throws IOException {
        if (modelOf(dir) == Model.POSIX) {
            return Files.createTempFile(dir, prefix, suffix, PosixFilePermissions.asFileAttribute(FILE_MODE));
        }
        return restrictOrDelete(Files.createTempFile(dir, prefix, suffix), false);
    }

    /**
     * @param path an existing file or directory (a link is not followed)
     * @return null when only its owner has access, else what gives others access ({@code mode rw-r--r--}, or
     *         {@code ACL also allows BUILTIN\Users})
     * @throws IOException when its permissions cannot be read
     */
    public static String exposure(Path path) throws IOException {
        if (modelOf(path) == Model.POSIX) {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
            return mode.stream().allMatch(p -> p.name().startsWith("OWNER")) ? null
                    : "mode " + PosixFilePermissions.toString(mode);
        }
        AclFileAttributeView view = aclView(path);
        List<String> others = othersAllowed(view.getAcl(), view.getOwner());
        return others.isEmpty() ? null : "ACL also allows " + String.join(", ", others);
    }

    /**
     * @param owner     the file's owner
     * @param directory whether the entry should also be inherited by what is created inside
     * @return the owner-only ACL: one ALLOW entry for the owner with every right
     */
    static List<AclEntry> ownerOnlyAcl(UserPrincipal owner, boolean directory) {
        AclEntry.Builder entry = AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(owner)
                .setPermissions(EnumSet.allOf(AclEntryPermission.class));
        if (directory) {
            entry.setFlags(AclEntryFlag.FILE_INHERIT, AclEntryFlag.DIRECTORY_INHERIT);
        }
        return List.of(entry.build());
    }

    /**
     * @param acl   an ACL
     * @param owner its file's owner
     * @return names of the principals other than the owner that an ALLOW entry grants anything
     */
    static List<String> othersAllowed(List<AclEntry> acl, UserPrincipal owner) {
        return acl.stream().filter(e -> e.type() == AclEntryType.ALLOW && !e.principal().equals(owner)
                        && !e.permissions().isEmpty())
                .map(e -> e.principal().getName()).distinct().toList();
    }

    private static Path restrictOrDelete(Path created, boolean directory) throws IOException {
        try {
            AclFileAttributeView view = aclView(created);
            view.setAcl(ownerOnlyAcl(view.getOwner(), directory));
            return created;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(created);
            throw e;
        }
    }

    private static AclFileAttributeView aclView(Path path) throws IOException {
        AclFileAttributeView view = Files.getFileAttributeView(path, AclFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            throw new IOException("the file system of " + path + " has neither POSIX permissions nor ACLs, so"
                    + " acr-login cannot keep its files private there; use a directory on a local NTFS or POSIX disk");
        }
        return view;
    }
}
