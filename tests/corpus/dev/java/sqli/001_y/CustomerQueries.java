package com.tidewater.crm.customers;

import java.util.List;

import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;

@Repository
@Transactional(readOnly = true)
public class CustomerQueries {

    @PersistenceContext
    private EntityManager em;

    public List<Customer> byCompanyName(String company, String countryCode) {
        String jpql = "SELECT c FROM Customer c WHERE c.archived = false"
                + " AND LOWER(c.companyName) LIKE :pattern ESCAPE '\\'";
        if (countryCode != null) {
            jpql += " AND c.countryCode = :country";
        }
        TypedQuery<Customer> query = em.createQuery(jpql + " ORDER BY c.companyName", Customer.class);
        query.setParameter("pattern", "%" + escapeLike(company.toLowerCase()) + "%");
        if (countryCode != null) {
            query.setParameter("country", countryCode);
        }
        return query.setMaxResults(100).getResultList();
    }

    /** Makes % and _ in the search text match literally. */
    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
