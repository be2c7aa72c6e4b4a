package dev.acrbridge.auth.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryFlag;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The POSIX path runs here for real; the ACL path (Windows) cannot, so its two pure parts, the ACL it sets and the
 * check it makes, are tested on their own.
 */
class OwnerOnlyAccessTest {
    @TempDir
    Path tmp;

    @Test
    void aPosixFileSystemGetsModesFromTheStart() throws IOException {
        assertEquals(OwnerOnlyAccess.Model.POSIX, OwnerOnlyAccess.modelOf(tmp));

        Path dir = tmp.resolve("private");
        OwnerOnlyAccess.createDirectory(dir);
        assertEquals("rwx------", mode(dir));
        Path file = dir.resolve("lock");
        OwnerOnlyAccess.createFile(file);
        assertEquals("rw-------", mode(file));
        assertThrows(FileAlreadyExistsException.class, () -> OwnerOnlyAccess.createFile(file));
        assertThrows(FileAlreadyExistsException.class, () -> OwnerOnlyAccess.createDirectory(dir));
        Path temp = OwnerOnlyAccess.createTempFile(dir, ".x", ".tmp");
        assertEquals("rw-------", mode(temp));
        assertEquals(dir, temp.getParent());
    }

    @Test
    void exposureNamesTheModeThatLetsOthersIn() throws IOException {
        Path file = Files.createFile(tmp.resolve("settings"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertNull(OwnerOnlyAccess.exposure(file));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals("mode rw-r--r--", OwnerOnlyAccess.exposure(file));

        Path dir = Files.createDirectory(tmp.resolve("cache"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        assertNull(OwnerOnlyAccess.exposure(dir));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x---"));
        assertEquals("mode rwx--x---", OwnerOnlyAccess.exposure(dir));
    }

    @Test
    void theAclIsOneAllowEntryForTheOwnerInheritedOnlyFromDirectories() throws IOException {
        UserPrincipal owner = principal("root");
        AclEntry fileEntry = OwnerOnlyAccess.ownerOnlyAcl(owner, false).get(0);
        assertEquals(1, OwnerOnlyAccess.ownerOnlyAcl(owner, false).size());
        assertEquals(AclEntryType.ALLOW, fileEntry.type());
        assertEquals(owner, fileEntry.principal());
        assertEquals(EnumSet.allOf(AclEntryPermission.class), fileEntry.permissions());
        assertEquals(Set.of(), fileEntry.flags());

        List<AclEntry> dirAcl = OwnerOnlyAccess.ownerOnlyAcl(owner, true);
        assertEquals(1, dirAcl.size());
        assertEquals(Set.of(AclEntryFlag.FILE_INHERIT, AclEntryFlag.DIRECTORY_INHERIT), dirAcl.get(0).flags());
        assertEquals(List.of(), OwnerOnlyAccess.othersAllowed(dirAcl, owner));
    }

    @Test
    void theAclCheckReportsEveryoneElseAnAllowEntryLetsIn() throws IOException {
        UserPrincipal owner = principal("root");
        UserPrincipal other = principal("nobody");
        List<AclEntry> acl = List.of(
                entry(owner, AclEntryType.ALLOW, EnumSet.allOf(AclEntryPermission.class)),
                entry(other, AclEntryType.DENY, EnumSet.of(AclEntryPermission.READ_DATA)),
                entry(other, AclEntryType.ALLOW, EnumSet.noneOf(AclEntryPermission.class)));
        assertEquals(List.of(), OwnerOnlyAccess.othersAllowed(acl, owner), "a deny or an empty allow grants nothing");

        List<AclEntry> inherited = List.of(acl.get(0),
                entry(other, AclEntryType.ALLOW, EnumSet.of(AclEntryPermission.READ_DATA)),
                entry(other, AclEntryType.ALLOW, EnumSet.of(AclEntryPermission.READ_ATTRIBUTES)));
        assertEquals(List.of("nobody"), OwnerOnlyAccess.othersAllowed(inherited, owner));
    }

    private static UserPrincipal principal(String name) throws IOException {
        UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
        return lookup.lookupPrincipalByName(name);
    }

    private static AclEntry entry(UserPrincipal who, AclEntryType type, Set<AclEntryPermission> permissions) {
        return AclEntry.newBuilder().setType(type).setPrincipal(who).setPermissions(permissions).build();
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
