package io.clinicbook.accounts;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
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

    // salt is generated per password and stored in the encoded string
    private static final PasswordEncoder PASSWORDS = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();

    private final PatientAccountRepository accounts;

    public SignUpController(PatientAccountRepository accounts) {
        this.accounts = accounts;
    }

    public record SignUpRequest(@Email @NotBlank String email,
                                @NotBlank @Size(min = 12, max = 128) String password,
                                @NotBlank String displayName) {}

    @PostMapping("/api/signup")
    @Transactional
    public ResponseEntity<Void> signUp(@Valid @RequestBody SignUpRequest req) {
        String email = req.email().trim().toLowerCase();
        if (accounts.existsByEmail(email)) {
            return ResponseEntity.status(HttpStatus.CONFLICT).build();
        }

        PatientAccount account = new PatientAccount();
        account.setEmail(email);
        account.setDisplayName(req.displayName());
        account.setPasswordHash(PASSWORDS.encode(req.password()));
        accounts.save(account);

        return ResponseEntity.status(HttpStatus.CREATED).build();
    }
}
