package io.clinicbook.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

@RestController
public class SignUpController {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final PatientAccountRepository accounts;

    public SignUpController(PatientAccountRepository accounts) {
        this.accounts = accounts;
    }

    public record SignUpRequest(@Email @NotBlank String email,
                                @NotBlank @Size(min = 12, max = 128) String password,
                                @NotBlank String displayName) {}

    @PostMapping("/api/signup")
    @Transactional
    public ResponseEntity<Void> signUp(@Valid @RequestBody SignUpRequest req) throws NoSuchAlgorithmException {
        String email = req.email().trim().toLowerCase();
        if (accounts.existsByEmail(email)) {
            return ResponseEntity.status(HttpStatus.CONFLICT).build();
        }

        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        String saltHex = HexFormat.of().formatHex(salt);

        MessageDigest md5 = MessageDigest.getInstance("MD5");
        md5.update(salt);
        byte[] digest = md5.digest(req.password().getBytes(StandardCharsets.UTF_8));

        PatientAccount account = new PatientAccount();
        account.setEmail(email);
        account.setDisplayName(req.displayName());
        account.setPasswordSalt(saltHex);
        account.setPasswordHash(HexFormat.of().formatHex(digest));
        accounts.save(account);

        return ResponseEntity.status(HttpStatus.CREATED).build();
    }
}
