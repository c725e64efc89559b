"""The Celery settings as Celery itself resolved them, and how they fit together."""

from django.conf import settings

from config.celery import app
from leads.services import outbox, webhooks
from leads.tasks import deliver_emails, deliver_webhooks


def test_tasks_are_acknowledged_late_and_requeued_when_a_worker_dies():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1


def test_messages_are_json_only_and_results_are_not_kept():
    assert app.conf.task_serializer == "json"
    assert list(app.conf.accept_content) == ["json"]
    assert app.conf.task_ignore_result is True
    assert deliver_emails.ignore_result is True
    assert app.conf.result_backend is None


def test_every_delay_is_below_the_visibility_timeout():
    visibility = app.conf.broker_transport_options["visibility_timeout"]
    assert outbox.BACKOFF_MAX < visibility
    assert settings.EMAIL_TIMEOUT < visibility
    assert settings.LEADS_OUTBOX_STUCK_SECONDS < visibility


def test_a_claim_is_taken_back_only_after_a_send_could_have_finished():
    # A send is a connection and a handful of commands, each up to EMAIL_TIMEOUT.
    assert settings.LEADS_OUTBOX_STUCK_SECONDS >= 6 * settings.EMAIL_TIMEOUT
    assert settings.LEADS_OUTBOX_GRACE_SECONDS < 60  # below the sweep interval


def test_a_batch_of_sends_ends_well_before_the_visibility_timeout():
    # Each send is claimed just before it starts, and a batch stops at the
    # first connection that fails: its sends, plus at most one timeout.
    visibility = app.conf.broker_transport_options["visibility_timeout"]
    assert outbox.BATCH * settings.EMAIL_TIMEOUT < visibility


def test_retries_back_off_exponentially_up_to_a_bound():
    assert outbox.MAX_ATTEMPTS >= 6
    assert outbox.BACKOFF_FACTOR >= 2
    assert 60 <= outbox.BACKOFF_MAX <= 3600


def test_publishing_gives_up_fast_when_the_broker_is_down():
    options = app.conf.broker_transport_options
    assert options["socket_connect_timeout"] <= 1
    assert options["socket_timeout"] <= 1
    assert options["max_retries"] == 0
    assert app.conf.task_publish_retry is False


def test_the_sweeper_runs_every_minute_on_beat():
    [entry] = [
        entry
        for entry in app.conf.beat_schedule.values()
        if entry["task"] == "leads.tasks.sweep_outbox"
    ]
    assert entry["schedule"] == 60.0
    assert "leads.tasks.sweep_outbox" in app.tasks


def test_the_outbox_rings_a_task_that_exists():
    assert app.tasks[outbox.DELIVER_TASK].name == deliver_emails.name


def test_a_webhook_post_ends_well_before_its_claim_is_taken_back():
    # Connecting and waiting for the answer, each within LEADS_WEBHOOK_TIMEOUT;
    # past the soft limit the attempt counts as a timeout, past the hard one
    # the worker's child is replaced; both before another worker may take over.
    visibility = app.conf.broker_transport_options["visibility_timeout"]
    assert 2 * settings.LEADS_WEBHOOK_TIMEOUT <= deliver_webhooks.soft_time_limit
    assert deliver_webhooks.soft_time_limit < deliver_webhooks.time_limit
    assert deliver_webhooks.time_limit < settings.LEADS_OUTBOX_STUCK_SECONDS
    assert webhooks.BATCH * deliver_webhooks.time_limit < visibility
    assert deliver_webhooks.ignore_result is True


def test_the_webhook_sweeper_runs_every_minute_on_beat():
    [entry] = [
        entry
        for entry in app.conf.beat_schedule.values()
        if entry["task"] == "leads.tasks.sweep_webhooks"
    ]
    assert entry["schedule"] == 60.0
    assert app.tasks[webhooks.DELIVER_TASK].name == deliver_webhooks.name
