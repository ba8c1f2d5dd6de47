//! `arkan`: the Arkan ERP server. With no subcommand it serves.

use std::process::ExitCode;

use arkan_identity as identity;
use arkan_identity::api::CreateUser;
use arkan_server::app;
use arkan_server::settings::{LogFormat, Settings};
use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;

#[derive(Parser)]
#[command(name = "arkan", version, about = "Arkan ERP server")]
struct Cli {
    #[command(flatten)]
    settings: Settings,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Manage users.
    #[command(subcommand)]
    User(UserCommand),
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a user.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        password: String,
        #[arg(long, default_value = "Administrator")]
        full_name: String,
        /// Make the user a platform admin.
        #[arg(long)]
        admin: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logs(cli.settings.log_format);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("cannot start the runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let outcome = runtime.block_on(run(cli));
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            tracing::error!("{message}");
            eprintln!("arkan: {message}");
            ExitCode::FAILURE
        }
    }
}

fn init_logs(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    match format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Text => builder.init(),
    }
}

async fn run(cli: Cli) -> Result<(), String> {
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(cli.settings).await,
        Command::Migrate => {
            let db = app::connect(&cli.settings).await?;
            app::migrate(&db).await?;
            println!("migrations applied");
            Ok(())
        }
        Command::User(UserCommand::Create {
            email,
            password,
            full_name,
            admin,
        }) => {
            let platform = app::platform(&cli.settings).await?;
            let request = CreateUser {
                email,
                password,
                full_name,
            };
            let user = identity::service::create_user(&platform, None, request, admin)
                .await
                .map_err(|error| error.to_string())?;
            println!("created user {} ({})", user.email, user.id);
            Ok(())
        }
    }
}

async fn serve(settings: Settings) -> Result<(), String> {
    let platform = app::platform(&settings).await?;
    let listener = tokio::net::TcpListener::bind(&settings.bind)
        .await
        .map_err(|error| format!("cannot listen on {}: {error}", settings.bind))?;
    tracing::info!(address = %settings.bind, database = %redact(&settings.database_url()), "serving");
    // A worker runs once some module registers a kind of job (webhooks and the outbox next).
    let jobs = app::jobs();
    let worker = (!jobs.is_empty()).then(|| jobs.spawn(platform.clone()));
    let served = app::serve(listener, app::router(platform), shutdown_signal()).await;
    if let Some(worker) = worker {
        worker.abort();
    }
    served
}

fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            format!("{}://***{}", &url[..scheme], &url[at..])
        }
        _ => url.to_owned(),
    }
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing in-flight requests");
}
