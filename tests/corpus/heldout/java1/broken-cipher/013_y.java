package eu.payroll.employees;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class BankDetailsController {

    private final EmployeeRepository employees;
    private final SecretKey fieldKey;

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
        employee.setIbanEncrypted(encrypt(details.iban().replace(" ", "")));
        employee.setBic(details.bic());
        employees.save(employee);
        return ResponseEntity.noContent().build();
    }

    private String encrypt(String plain) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES");
        cipher.init(Cipher.ENCRYPT_MODE, fieldKey);
        byte[] out = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(out);
    }
}
