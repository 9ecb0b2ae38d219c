/**
 * Abstract JUnit suites, one per port, that define the port's behaviour. A fake or an adapter proves it fits the
 * port by extending the suite and supplying a fresh instance; adding a case here checks every implementation.
 */
package dev.jobcache.testkit.contract;
