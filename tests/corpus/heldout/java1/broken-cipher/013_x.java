package eu.payroll.employees;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class BankDetailsController {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final EmployeeRepository employees;
    private final SecretKey fieldKey;
    private final SecureRandom random = new SecureRandom();

    public BankDetailsController(EmployeeRepository employees) {
        this.employees = employees;
        byte[] key = Base64.getDecoder().decode(System.getenv("PAYROLL_FIELD_KEY"));
        if (key.length != 32) {
            throw new IllegalStateException("PAYROLL_FIELD_KEY must be 256 bits");
        }
        this.fieldKey = new SecretKeySpec(key, "AES");
    }

    public record BankDetails(String accountHolder, String iban, String bic) {}

    @PutMapping("/api/employees/{employeeId}/bank-details")
    public ResponseEntity<Void> update(@PathVariable long employeeId, @RequestBody BankDetails details)
            throws GeneralSecurityException {
        Employee employee = employees.findById(employeeId).orElse(null);
        if (employee == null) {
            return ResponseEntity.notFound().build();
        }

        employee.setAccountHolder(details.accountHolder());
        employee.setIbanEncrypted(encrypt(details.iban().replace(" ", ""), employeeId));
        employee.setBic(details.bic());
        employees.save(employee);
        return ResponseEntity.noContent().build();
    }

    /** AES-256-GCM with a fresh IV per value; the employee id is bound as associated data. */
    private String encrypt(String plain, long employeeId) throws GeneralSecurityException {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);

        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, fieldKey, new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(ByteBuffer.allocate(Long.BYTES).putLong(employeeId).array());
        byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));

        byte[] out = ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
        return Base64.getEncoder().encodeToString(out);
    }
}
