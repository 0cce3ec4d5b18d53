package org.astroarchive.importer.rest;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import org.astroarchive.testsupport.Keycloak;

/** Requests of the realm's archive operator (group archive-operators), the only callers allowed to write. */
final class Operator {

    private Operator() {
    }

    /** HTTP Basic, as the {@code ./archive} script and curl users send it; checked against the real Keycloak. */
    static RequestSpecification asOperator() {
        return given().auth().preemptive().basic(Keycloak.OPERATOR, Keycloak.OPERATOR_PASSWORD);
    }
}
