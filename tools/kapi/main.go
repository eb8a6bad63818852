// Command kapi is a test-only Kubernetes control plane in one binary:
//
//	kapi etcd --data-dir D --listen-client-url http://127.0.0.1:P --listen-peer-url http://127.0.0.1:Q
//	kapi apiserver <kube-apiserver flags...>
//	kapi controller-manager <kube-controller-manager flags...>
//	kapi scheduler <kube-scheduler flags...>
//	kapi kwok <kwok flags...>
//	kapi version
//
// "etcd" runs an embedded single-member etcd (go.etcd.io/etcd/server/v3/embed, at the
// version k8s.io/kubernetes pins) tuned for throw-away test data (no fsync). "apiserver",
// "controller-manager" and "scheduler" run the upstream commands unchanged; "kwok" runs
// sigs.k8s.io/kwok's controller, which plays the kubelet of simulated nodes. One binary keeps
// one build (the commands share most of their packages) and one cache entry. Built and cached
// by tools/build-servers.sh; never shipped.
package main

import (
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/signal"
	"syscall"
	"time"
	_ "time/tzdata" // for timeZone support in CronJob (as upstream kube-apiserver)

	"go.etcd.io/etcd/server/v3/embed"

	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/logs/json/register"          // for JSON log format registration
	_ "k8s.io/component-base/metrics/prometheus/clientgo" // load all the prometheus client-go plugins
	_ "k8s.io/component-base/metrics/prometheus/version"  // for version metric registration
	"k8s.io/component-base/version"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
	controllermanager "k8s.io/kubernetes/cmd/kube-controller-manager/app"
	scheduler "k8s.io/kubernetes/cmd/kube-scheduler/app"

	"github.com/spf13/pflag"
	kwokconfig "sigs.k8s.io/kwok/pkg/config"
	kwokcmd "sigs.k8s.io/kwok/pkg/kwok/cmd"
	kwoklog "sigs.k8s.io/kwok/pkg/log"
	kwoksignals "sigs.k8s.io/kwok/pkg/utils/signals"
)

const usage = `usage:
  kapi etcd --data-dir DIR --listen-client-url http://127.0.0.1:PORT --listen-peer-url http://127.0.0.1:PORT
  kapi apiserver [kube-apiserver flags]
  kapi controller-manager [kube-controller-manager flags]
  kapi scheduler [kube-scheduler flags]
  kapi kwok [kwok flags]
  kapi version
`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	switch os.Args[1] {
	case "etcd":
		if err := runEtcd(os.Args[2:]); err != nil {
			fmt.Fprintf(os.Stderr, "kapi etcd: %v\n", err)
			os.Exit(1)
		}
	case "apiserver", "kube-apiserver":
		command := app.NewAPIServerCommand()
		command.SetArgs(os.Args[2:])
		os.Exit(cli.Run(command))
	case "controller-manager", "kube-controller-manager":
		command := controllermanager.NewControllerManagerCommand()
		command.SetArgs(os.Args[2:])
		os.Exit(cli.Run(command))
	case "scheduler", "kube-scheduler":
		command := scheduler.NewSchedulerCommand()
		command.SetArgs(os.Args[2:])
		os.Exit(cli.Run(command))
	case "kwok":
		os.Exit(runKwok(os.Args[2:]))
	case "version", "--version", "-version":
		fmt.Println(version.Get().GitVersion)
	case "help", "-h", "--help":
		fmt.Print(usage)
	default:
		fmt.Fprintf(os.Stderr, "kapi: unknown subcommand %q\n%s", os.Args[1], usage)
		os.Exit(2)
	}
}

func runEtcd(args []string) error {
	fs := flag.NewFlagSet("etcd", flag.ContinueOnError)
	dataDir := fs.String("data-dir", "", "etcd data directory (required)")
	clientURL := fs.String("listen-client-url", "http://127.0.0.1:2379", "client URL to listen on (and advertise)")
	peerURL := fs.String("listen-peer-url", "http://127.0.0.1:2380", "peer URL to listen on (and advertise)")
	name := fs.String("name", "kapi", "member name")
	quota := fs.Int64("quota-backend-bytes", 2<<30, "backend size quota in bytes")
	logLevel := fs.String("log-level", "warn", "log level: debug, info, warn, error")
	readyTimeout := fs.Duration("ready-timeout", 60*time.Second, "give up if etcd is not ready within this time")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	if *dataDir == "" {
		return errors.New("--data-dir is required")
	}
	cu, err := url.Parse(*clientURL)
	if err != nil {
		return fmt.Errorf("--listen-client-url: %w", err)
	}
	pu, err := url.Parse(*peerURL)
	if err != nil {
		return fmt.Errorf("--listen-peer-url: %w", err)
	}

	cfg := embed.NewConfig()
	cfg.Name = *name
	cfg.Dir = *dataDir
	cfg.ListenClientUrls = []url.URL{*cu}
	cfg.AdvertiseClientUrls = []url.URL{*cu}
	cfg.ListenPeerUrls = []url.URL{*pu}
	cfg.AdvertisePeerUrls = []url.URL{*pu}
	cfg.InitialCluster = cfg.InitialClusterFromName(cfg.Name)
	cfg.UnsafeNoFsync = true // test data only: durability is not wanted, speed is
	cfg.QuotaBackendBytes = *quota
	cfg.Logger = "zap"
	cfg.LogOutputs = []string{"stderr"}
	cfg.LogLevel = *logLevel

	e, err := embed.StartEtcd(cfg)
	if err != nil {
		return err
	}
	defer e.Close()

	select {
	case <-e.Server.ReadyNotify():
		fmt.Fprintf(os.Stderr, "kapi etcd: ready, serving clients on %s\n", cu.String())
	case <-time.After(*readyTimeout):
		e.Server.Stop()
		return fmt.Errorf("not ready after %s", *readyTimeout)
	}

	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	select {
	case s := <-sig:
		fmt.Fprintf(os.Stderr, "kapi etcd: %s, stopping\n", s)
		return nil
	case err := <-e.Err():
		return err
	}
}

// runKwok runs kwok as its own main does. Its global flags (logging, --config) are read from
// os.Args by kwok's packages, so the subcommand's name is taken out of os.Args first.
func runKwok(args []string) int {
	os.Args = append([]string{os.Args[0]}, args...)
	// The Kubernetes packages linked in register their flags (a string-valued --version among
	// them) on pflag's global set at init, and cobra adds that set to every command: give kwok a
	// clean one, as its own binary has.
	pflag.CommandLine = pflag.NewFlagSet(os.Args[0], pflag.ExitOnError)
	flagset := pflag.NewFlagSet("global", pflag.ContinueOnError)
	flagset.ParseErrorsAllowlist.UnknownFlags = true
	flagset.Usage = func() {}

	ctx := kwoksignals.SetupSignalContext()
	ctx, logger := kwoklog.InitFlags(ctx, flagset)
	ctx, err := kwokconfig.InitFlags(ctx, flagset)
	if err != nil {
		_, _ = os.Stderr.Write([]byte(flagset.FlagUsages()))
		logger.Error("Init config flags", "err", err)
		return 1
	}
	command := kwokcmd.NewCommand(ctx)
	command.SetArgs(args)
	command.PersistentFlags().AddFlagSet(flagset)
	if err := command.ExecuteContext(ctx); err != nil {
		logger.Error("Execute exit", "err", err)
		return 1
	}
	return 0
}
