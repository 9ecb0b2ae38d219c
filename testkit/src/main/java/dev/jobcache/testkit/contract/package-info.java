/**
 * Abstract JUnit suites, one per port, that pin down what the port's Javadoc promises. The testkit's fakes run
 * them in this module's own tests and every real adapter runs them by extending the suite with a factory for its
 * implementation, so a test written against a fake holds against the real thing. Hooks that differ per backend (how
 * time moves, how contact is lost) are protected methods a subclass overrides.
 */
package dev.jobcache.testkit.contract;
