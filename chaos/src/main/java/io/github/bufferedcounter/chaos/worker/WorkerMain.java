package io.github.bufferedcounter.chaos.worker;

import io.github.bufferedcounter.BufferedCounters;
import io.github.bufferedcounter.store.DeltaStore;
import jakarta.persistence.EntityManagerFactory;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Entry point of a worker JVM. Boots {@link ChaosWorkerApplication} with the properties on the
 * command line, runs the {@link Load} or the {@link Drain}, closes the application (a graceful
 * shutdown flushes what is pending) and exits: 0 when done, 1 on an unexpected failure, 2 when
 * a drain did not empty the store. A watchdog halts the JVM if the driver's process is gone or
 * {@code chaos.halt-at} (epoch milliseconds) has passed, so that no worker outlives the run.
 */
public final class WorkerMain {

	private WorkerMain() {
	}

	public static void main(String[] args) {
		int code;
		try {
			watchdog(args);
			ConfigurableApplicationContext context = new SpringApplicationBuilder(ChaosWorkerApplication.class)
				.web(WebApplicationType.NONE)
				.run(args);
			try {
				code = run(context, WorkerSettings.from(context.getEnvironment()));
			}
			finally {
				context.close();
			}
		}
		catch (Throwable ex) {
			ex.printStackTrace();
			code = 1;
		}
		System.out.println("CHAOS-WORKER exit " + code);
		System.out.flush();
		System.exit(code);
	}

	private static int run(ConfigurableApplicationContext context, WorkerSettings settings) throws Exception {
		System.out.println("CHAOS-WORKER " + settings.name() + " started (" + settings.mode() + ")");
		BufferedCounters counters = context.getBean(BufferedCounters.class);
		if ("drain".equals(settings.mode())) {
			return new Drain(counters, context.getBean(DeltaStore.class), settings).run();
		}
		LostDeltaWatch.install();
		TransactionTemplate transactions = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
		return new Load(counters, transactions,
				SharedEntityManagerCreator.createSharedEntityManager(context.getBean(EntityManagerFactory.class)),
				settings)
			.run();
	}

	private static void watchdog(String[] args) {
		long parent = longArgument(args, "--chaos.parent-pid=", -1);
		long haltAt = longArgument(args, "--chaos.halt-at=", Long.MAX_VALUE);
		Thread watchdog = new Thread(() -> {
			while (true) {
				boolean orphaned = parent > 0 && ProcessHandle.of(parent).map((p) -> !p.isAlive()).orElse(true);
				if (orphaned || System.currentTimeMillis() > haltAt) {
					System.out.println("CHAOS-WORKER halting: " + (orphaned ? "the driver is gone" : "past halt-at"));
					System.out.flush();
					Runtime.getRuntime().halt(3);
				}
				try {
					Thread.sleep(1000);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}, "chaos-watchdog");
		watchdog.setDaemon(true);
		watchdog.start();
	}

	private static long longArgument(String[] args, String prefix, long otherwise) {
		for (String arg : args) {
			if (arg.startsWith(prefix)) {
				return Long.parseLong(arg.substring(prefix.length()));
			}
		}
		return otherwise;
	}

}
