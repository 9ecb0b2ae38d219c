/**
 * Test support shared by every module: in-memory fakes of the domain's ports, abstract contract suites that fakes
 * and real adapters must both pass, and test-data builders. It depends on the domain and JUnit only, never on
 * {@code application}, an adapter or {@code bootstrap}, so any team can use the fakes.
 */
package dev.jobcache.testkit;
