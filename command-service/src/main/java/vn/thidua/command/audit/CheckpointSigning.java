package vn.thidua.command.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.thidua.eventlog.integrity.CheckpointKeys;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys of checkpoint signatures (ADR 0014), from files named by settings, never from the database: the signer the
 * publisher uses ({@code thidua.integrity.signing-key}, {@code null} when unset) and the public keys the integrity check
 * trusts (the signer's and {@code thidua.integrity.verify-keys}, those of earlier rotations).
 *
 * @param signer  signs the checkpoints this instance publishes; {@code null}: they are not signed nor published
 * @param keyring the trusted public keys; {@code null} when there are none
 */
public record CheckpointSigning(CheckpointKeys.Signer signer, CheckpointKeys.Keyring keyring) {

    private static final Logger log = LoggerFactory.getLogger(CheckpointSigning.class);

    /**
     * @param signingKey the signing key file, or blank
     * @param generate   create the key pair when the file does not exist (the local stack; a deployment brings its own)
     * @param verifyKeys further public key files
     */
    public static CheckpointSigning of(String signingKey, boolean generate, List<String> verifyKeys) {
        CheckpointKeys.Signer signer = null;
        List<PublicKey> trusted = new ArrayList<>();
        if (signingKey != null && !signingKey.isBlank()) {
            Path file = Path.of(signingKey.strip());
            if (!Files.exists(file) && !generate) {
                throw new IllegalStateException("The checkpoint signing key " + file + " (thidua.integrity.signing-key) "
                        + "does not exist; create one (docs/integrity.md) or unset the setting");
            }
            signer = generate ? CheckpointKeys.ensureSigner(file) : CheckpointKeys.signer(file);
            trusted.add(signer.publicKey());
            log.info("Checkpoints are signed with key {} ({}) and published to the checkpoint topic", signer.keyId(), file);
        } else {
            log.warn("Checkpoints are not signed (thidua.integrity.signing-key is not set): the integrity check can "
                    + "show the log consistent, not that it is the log that was written (docs/integrity.md)");
        }
        for (String f : verifyKeys == null ? List.<String>of() : verifyKeys) {
            if (!f.isBlank()) {
                trusted.addAll(CheckpointKeys.publicKeys(Path.of(f.strip())));
            }
        }
        return new CheckpointSigning(signer, trusted.isEmpty() ? null : new CheckpointKeys.Keyring(trusted));
    }
}
