"""Scenario generator: a synthetic LLM-API world with distillation rings and ground truth.

A *world* is three tables that follow graphhunt's input contract:

``events``
    one row per API request: ``account_id, timestamp, ip, prompt, user_agent,
    output_tokens, api_key_id, model``;
``accounts``
    ``account_id, created_at, payment_method, email_domain, country, org_id``;
``truth``
    ``account_id, is_ring, ring_id, cohort, evasion``.

Rings are operator-run account groups that harvest a model's answers: a few
narrow prompt templates filled with fresh values on every request, often with a
reasoning-elicitation phrase, long outputs, machine-like timing, burst sign-ups,
one client library, each account below the per-account rate limit. Every ring
signal has benign look-alikes (offices behind NAT with a corporate card,
campuses, carrier NAT, households, commercial VPN users, heavy API apps,
users of popular templates), and rings can evade (commercial proxy pools shared
with benign VPN users, per-account paraphrased templates, timing jitter, diverse
user agents, mixed normal traffic, aged accounts, no shared payment).

Prompt material comes from the shared reference data (real benign prompts from
awesome-chatgpt-prompts, real Jinja templates from promptsource, real
datacenter/VPN/cloud IP ranges). Without it a small built-in fallback is used.
The reference files are only read, never copied.

Everything is vectorised with numpy: per-event work is array arithmetic plus at
most one string concatenation per prompt piece, so 20k accounts take a few
seconds and 1M accounts / 20M events a few minutes.

Examples
--------
>>> from graphhunt.simulate import simulate, write_scenario
>>> sc = simulate(n_accounts=2000, seed=1, profile="hard")
>>> write_scenario(sc, "/tmp/world", fmt="parquet")  # doctest: +SKIP
"""
from __future__ import annotations

import csv
import dataclasses
import functools
import ipaddress
import json
import logging
import os
import random
import re
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import numpy as np
import pandas as pd
import pyarrow as pa

log = logging.getLogger(__name__)

__all__ = [
    "Scenario",
    "ScenarioParams",
    "PROFILES",
    "RING_COHORTS",
    "BENIGN_COHORTS",
    "simulate",
    "write_scenario",
    "default_data_dir",
]

RING_COHORTS = ("ring_card", "ring_private_proxy", "ring_commercial_proxy", "ring_paraphrase", "ring_small")
BENIGN_COHORTS = (
    "benign_office",
    "benign_campus",
    "benign_carrier_nat",
    "benign_household",
    "benign_vpn",
    "benign_heavy_app",
    "benign_template_users",
    "benign_individual",
    "benign_app_company",
)
COHORTS = RING_COHORTS + BENIGN_COHORTS
_CID = {c: i for i, c in enumerate(COHORTS)}

#: evasion tokens that can appear (joined by "+") in truth.evasion of a ring account
EVASIONS = (
    "no_shared_payment",
    "private_proxy",
    "commercial_proxy",
    "paraphrase",
    "jitter",
    "diverse_ua",
    "mixed",
    "aged_accounts",
)

DAY = 86400.0
HOUR = 3600.0


# --------------------------------------------------------------------------------------
# parameters and profiles
# --------------------------------------------------------------------------------------


@dataclass
class ScenarioParams:
    """Every knob of a world. Profiles in :data:`PROFILES` are instances of this class.

    Override any field with ``simulate(..., field=value)`` or
    ``dataclasses.replace(PROFILES["default"], field=value)``. Fractions that
    are dicts (``ring_types``, ``benign_cohorts``, ``ring_capabilities``) are
    normalised weights.
    """

    # ---- world
    #: start of the event window (ISO 8601, UTC)
    start: str = "2026-11-01T00:00:00Z"
    #: length of the event window in days
    window_days: float = 14.0
    #: the platform's per-account request limit per UTC day; no account exceeds it
    daily_limit: int = 1000
    #: benign accounts are created over this many days before the window
    account_age_days: float = 365.0

    # ---- rings
    #: fraction of all accounts that belong to rings
    ring_fraction: float = 0.07
    #: ring size range (accounts) for all ring types except ``ring_small``
    ring_size_min: int = 3
    ring_size_max: int = 300
    #: ring sizes follow P(size) ~ size**-alpha on [min, max] (0 = uniform)
    ring_size_alpha: float = 1.5
    #: ``ring_small`` rings have sizes in [max(3, ring_size_min), ring_small_max]
    ring_small_max: int = 15
    #: weights of the ring archetypes (cohorts)
    ring_types: dict[str, float] = field(
        default_factory=lambda: {
            "ring_card": 0.25,
            "ring_private_proxy": 0.25,
            "ring_commercial_proxy": 0.2,
            "ring_paraphrase": 0.15,
            "ring_small": 0.15,
        }
    )
    #: capability a ring harvests (which template family it uses)
    ring_capabilities: dict[str, float] = field(
        default_factory=lambda: {"math": 0.3, "code": 0.25, "qa": 0.25, "reasoning": 0.1, "summarization": 0.1}
    )
    #: templates per ring (inclusive range)
    ring_templates: tuple[int, int] = (1, 5)
    #: probability that a ring which is not ``ring_card`` still shares a few cards
    p_card_share: float = 0.3
    #: probability of each evasion per ring
    p_jitter: float = 0.3
    p_diverse_ua: float = 0.25
    p_mixed: float = 0.2
    p_aged_accounts: float = 0.15
    #: paraphrasing for ring types other than ``ring_paraphrase``
    p_paraphrase: float = 0.1
    #: rings with a proxy evasion: probability that the pool is commercial (shared with benign VPN users)
    p_commercial_pool: float = 0.5
    #: fraction of normal (benign-looking) traffic of a ``mixed`` ring account
    mixed_fraction: tuple[float, float] = (0.3, 0.5)
    #: probability that a ring elicits reasoning at all, and the per-prompt rate when it does
    p_ring_reasoning: float = 0.85
    ring_reasoning_rate: tuple[float, float] = (0.5, 0.95)
    #: ring paraphrase strength (probability of each rewording operation)
    paraphrase_strength: tuple[float, float] = (0.35, 0.75)
    #: mean events of a ring account relative to the average account
    ring_intensity: float = 5.0
    #: median output tokens of a ring (range of ring medians)
    ring_tokens_median: tuple[float, float] = (900.0, 2600.0)
    #: timing jitter (fraction of the request interval) of non-evading rings
    ring_timing_jitter: tuple[float, float] = (0.01, 0.08)
    #: ring members sign up within this spread (hours, log-uniform range)
    ring_signup_spread_hours: tuple[float, float] = (0.5, 72.0)

    # ---- benign
    #: weights of the benign cohorts (fractions of benign accounts)
    benign_cohorts: dict[str, float] = field(
        default_factory=lambda: {
            "benign_office": 0.16,
            "benign_campus": 0.09,
            "benign_carrier_nat": 0.10,
            "benign_household": 0.08,
            "benign_vpn": 0.05,
            "benign_heavy_app": 0.004,
            "benign_template_users": 0.05,
            "benign_individual": 0.466,
        }
    )
    office_size: tuple[int, int] = (10, 200)
    campus_size: tuple[int, int] = (80, 600)
    household_size: tuple[int, int] = (2, 5)
    #: probability that a heavy-app company runs 2-3 accounts (shared org card and IPs); those accounts are
    #: labelled ``benign_app_company`` in the truth, single-account apps ``benign_heavy_app``
    heavy_app_multi: float = 0.3
    #: mean events of a heavy-app account relative to the average account
    heavy_app_intensity: float = 25.0
    #: fraction of offices that pay with a corporate card shared by employees
    office_corporate_card: float = 0.7
    #: fraction of offices whose employees share an internal-tool template
    office_internal_tool: float = 0.3
    #: fraction of individuals that are developers (SDK user agents, cloud notebooks)
    individual_developers: float = 0.15
    #: lognormal sigma of benign per-account activity (heavy tail)
    benign_activity_sigma: float = 1.1
    #: benign accounts' per-prompt rate of reasoning phrases (individual users)
    benign_reasoning_rate: float = 0.04
    #: number of commercial VPN providers
    vpn_providers: int = 8

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON view of the parameters."""
        return dataclasses.asdict(self)


def _profile(**kw: Any) -> ScenarioParams:
    return dataclasses.replace(ScenarioParams(), **kw)


#: named parameter sets; ``simulate(profile=name)``
PROFILES: dict[str, ScenarioParams] = {
    # mix of ring sizes 3-300, ~7% ring accounts, a moderate evasion mix
    "default": _profile(),
    # every ring has 3-15 accounts
    "small-rings": _profile(ring_fraction=0.05, ring_size_min=3, ring_size_max=15, ring_size_alpha=0.5),
    # ~1 ring account per 100 benign accounts, a few mid-sized rings
    "needle": _profile(ring_fraction=0.0099, ring_size_min=5, ring_size_max=60, ring_size_alpha=0.8,
                       ring_types={"ring_card": 0.2, "ring_private_proxy": 0.3, "ring_commercial_proxy": 0.25,
                                   "ring_paraphrase": 0.25, "ring_small": 0.0}),
    # "hydra" rings of 1,500-3,000 accounts (10 % of accounts): every attribute a ring shares has more
    # holders than the hub cap (docs/QUALITY.md, session 31); use 40,000 accounts or more
    "hydra": _profile(ring_fraction=0.1, ring_size_min=1500, ring_size_max=3000, ring_size_alpha=0.0,
                      ring_types={"ring_card": 0.2, "ring_private_proxy": 0.3, "ring_commercial_proxy": 0.3,
                                  "ring_paraphrase": 0.2}),
    # most rings evade: no card sharing, commercial pools shared with VPN users,
    # paraphrased templates, jittered timing, diverse clients, mixed normal traffic
    "hard": _profile(
        ring_fraction=0.06,
        ring_types={"ring_card": 0.05, "ring_private_proxy": 0.2, "ring_commercial_proxy": 0.35,
                    "ring_paraphrase": 0.3, "ring_small": 0.1},
        p_card_share=0.05,
        p_jitter=0.8,
        p_diverse_ua=0.7,
        p_mixed=0.7,
        p_aged_accounts=0.4,
        p_paraphrase=0.5,
        p_commercial_pool=0.7,
        p_ring_reasoning=0.7,
        ring_reasoning_rate=(0.3, 0.8),
        ring_intensity=3.5,
        ring_tokens_median=(700.0, 2000.0),
        benign_cohorts={
            "benign_office": 0.15,
            "benign_campus": 0.10,
            "benign_carrier_nat": 0.10,
            "benign_household": 0.08,
            "benign_vpn": 0.09,
            "benign_heavy_app": 0.008,
            "benign_template_users": 0.08,
            "benign_individual": 0.392,
        },
        office_internal_tool=0.5,
        individual_developers=0.25,
        benign_reasoning_rate=0.08,
    ),
}


@dataclass
class Scenario:
    """A simulated world.

    Attributes
    ----------
    events, accounts, truth : pandas.DataFrame
        The three contract tables. String columns use pandas' pyarrow-backed
        ``string`` dtype (compact for tens of millions of rows).
    params : ScenarioParams
        The parameters the world was made with.
    meta : dict
        ``seed``, ``n_accounts``, ``profile``, cohort and ring counts, whether the
        shared reference data was used, timings.
    """

    events: pd.DataFrame
    accounts: pd.DataFrame
    truth: pd.DataFrame
    params: ScenarioParams
    meta: dict[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------------------
# word lists (built-in; used for slot vocabularies and as fallback material)
# --------------------------------------------------------------------------------------

def _w(s: str) -> list[str]:
    return s.split()


NOUNS = _w("""account algorithm apple battery bicycle bridge budget camera carbon castle cell chair chapter
circuit city climate cloud coffee comet company computer contract country crystal customer dataset
database desert device diagram doctor dragon engine enzyme equation essay factory farmer festival forest
fossil galaxy garden generator glacier guitar harbor highway hospital hotel island journal kingdom
ladder language lantern law library lighthouse machine magnet manager market medicine metal microscope
mineral molecule mountain museum network newspaper novel ocean orchestra painter patient pattern
pendulum piano planet poem portfolio printer protein pyramid quantum railway recipe reef reservoir
restaurant river robot rocket satellite scientist sensor server ship signal soldier spreadsheet
startup statue student submarine telescope temple theory tiger tournament tractor treaty tunnel
turbine university valley vaccine village violin volcano warehouse website whale window wizard""")
ADJECTIVES = _w("""ancient bright busy careful cheap clever cold complex curious dark distant efficient empty
famous fast fragile gentle giant global golden hidden honest huge lazy local loud modern narrow
noisy novel old polite popular quiet rapid rare remote rich rural secure sharp silent simple slow
small smart soft solar strange strong sudden tiny urban vast warm wealthy wild wise young""")
VERBS = _w("""analyze build calculate change clean collect compare connect convert create decrease
describe design detect develop discover estimate explain explore filter find fix improve increase
measure merge move observe optimize organize plan predict protect reduce repair replace review
sort split store study test train transform translate update validate visit write""")
PLACES = _w("""Paris Tokyo Lagos Lima Oslo Cairo Delhi Austin Berlin Madrid Nairobi Seoul Sydney Toronto
Boston Denver Dublin Prague Vienna Lisbon Manila Jakarta Istanbul Santiago Mumbai Chicago Quito
Warsaw Helsinki Hanoi Accra Osaka Munich Seattle Zurich Montreal""")
FIRST_NAMES = _w("""Alice Bob Carlos Diana Emma Farid Grace Hiro Ines Jamal Kenji Laura Mateo Nadia Omar
Priya Quinn Rosa Samir Tara Umar Vera Wei Ximena Yusuf Zoe Aisha Bruno Chloe Dmitri Elena Felix
Giulia Hannah Ivan Julia Kwame Lena Marco Nora Oscar Paula Rahul Sofia Tomas Uma Victor Wanda
Yara Amir Bianca Chen Daniel Eva Fatima George Helena Isaac Jonas Kira Leo Maya Nils Olga Pedro""")
LAST_NAMES = _w("""Smith Garcia Kim Nguyen Patel Muller Rossi Silva Tanaka Cohen Okafor Novak Ivanova
Hansen Dubois Jensen Lopez Martin Brown Wilson Chen Singh Khan Ali Mensah Costa Rahman Suzuki
Andersen Petrov Moreau Fischer Kowalski Haddad Mendez Ortiz Sato Yilmaz Popescu Larsen""")
TOPICS = _w("""photosynthesis blockchain inflation recursion democracy gravity machine-learning
compound-interest climate-change the-french-revolution vaccines black-holes supply-chains
cryptography meditation marketing-strategy quantum-computing the-roman-empire sleep-hygiene
nutrition kubernetes microservices renewable-energy game-theory jazz-history probability
linear-algebra thermodynamics evolution ancient-egypt stoicism public-speaking time-management
cybersecurity the-cold-war volcanoes coral-reefs electric-cars remote-work personal-finance
urban-planning sourdough-baking chess-openings neural-networks data-privacy the-stock-market
sustainable-fashion space-exploration the-immune-system world-war-one impressionism poetry
tax-returns job-interviews react-hooks sql-joins docker python-decorators rust-ownership""")
TOPICS = [t.replace("-", " ") for t in TOPICS]
LANGUAGES = _w("French Spanish German Italian Portuguese Japanese Korean Chinese Arabic Hindi Turkish "
               "Dutch Polish Swedish Russian Vietnamese Indonesian Greek Hebrew Ukrainian")
PROG_LANGS = ["Python", "JavaScript", "TypeScript", "Java", "C++", "Go", "Rust", "C#", "SQL", "Bash", "Kotlin",
              "Swift", "Ruby", "PHP", "R"]
COMPANY_A = _w("acme blue north nova peak bright iron silver green delta prime alpha river summit quant "
               "swift cedar orbit vertex lumen atlas harbor pixel")
COMPANY_B = _w("labs systems logistics health analytics foods media works bank energy retail robotics "
               "dynamics partners studio capital tech solutions group")
FREE_DOMAINS = ["gmail.com", "outlook.com", "yahoo.com", "hotmail.com", "icloud.com", "proton.me", "qq.com",
                "163.com", "mail.ru", "yandex.ru", "gmx.de", "web.de", "naver.com", "live.com", "aol.com",
                "protonmail.com", "zoho.com", "fastmail.com", "yahoo.co.jp", "libero.it", "orange.fr"]
TEMP_DOMAINS = ["mailinator.com", "guerrillamail.com", "sharklasers.com", "tempmail.dev", "10minutemail.net",
                "yopmail.com", "trashmail.io"]
#: (country, UTC offset hours, weight)
COUNTRIES = [("US", -6, 22), ("IN", 5.5, 10), ("GB", 0, 6), ("DE", 1, 5), ("BR", -3, 5), ("FR", 1, 4),
             ("CA", -5, 4), ("JP", 9, 4), ("KR", 9, 3), ("ES", 1, 3), ("IT", 1, 3), ("NL", 1, 2),
             ("AU", 10, 2), ("MX", -6, 2), ("PL", 1, 2), ("TR", 3, 2), ("ID", 7, 2), ("VN", 7, 2),
             ("PH", 8, 2), ("NG", 1, 2), ("SG", 8, 1), ("SE", 1, 1), ("AR", -3, 1), ("ZA", 2, 1),
             ("UA", 2, 1), ("IL", 2, 1), ("HK", 8, 1), ("EG", 2, 1), ("PK", 5, 1), ("CO", -5, 1)]
MODELS = ["atlas-3", "atlas-3-mini", "atlas-3-pro", "atlas-3-reasoning"]

REASONING_PHRASES = [
    "Think step by step.", "Let's think step by step.", "Explain your reasoning before answering.",
    "Show your chain of thought.", "Show your work.", "Reason carefully and explain each step before the final answer.",
    "First explain your reasoning, then give the answer.", "Walk me through your thought process.",
    "Please provide a detailed step-by-step solution.", "Before answering, lay out your full reasoning.",
    "Think it through step by step and justify every step.", "Give a detailed explanation of each step.",
    "Explain your thinking in detail, then state the final answer.", "Reason step by step, then answer.",
    "Break the problem into steps and explain each one.", "Write out your full chain of thought first.",
    "Show all intermediate steps.", "Explain why, step by step.", "Think carefully and show your reasoning.",
    "Provide your reasoning first and the answer last.", "Let's work this out step by step to be sure.",
    "Describe your reasoning process thoroughly.", "Justify the answer with a step-by-step derivation.",
    "Please reason about it before you answer.",
]
BENIGN_REASONING = ["can you explain step by step?", "explain your reasoning pls", "show your work",
                    "Explain it step by step.", "why? explain", "Think step by step.", "walk me through it"]

OPENERS = ["", "", "", "hi, ", "hey ", "Hello! ", "quick question: ", "Can you help me? ", "please ", "pls ",
           "I have a question. ", "ok so ", "Hi there, ", "Question: ", "hmm, ", "Help: "]
FOLLOWUPS = ["", "", "Thanks!", "thx", "Keep it short.", "Be concise.", "Use simple words.", "with examples please",
             "in 3 bullet points", "Explain like I'm 12.", "no jargon please", "Answer briefly.", "?", "Thank you.",
             "in a table", "and cite sources if you can"]

# chat question grammar: (pattern with {kind} slots)
CHAT_PATTERNS = [
    "what is the best way to {verb} a {noun}?", "how do I {verb} my {noun}?", "why does the {noun} {verb}?",
    "what's the difference between {topic} and {topic2}?", "can you explain {topic}?",
    "give me a quick summary of {topic}", "is it true that {sentence_l}", "how does {topic} work?",
    "what are the pros and cons of {topic}?", "recommend some books about {topic}",
    "how long does it take to learn {topic}?", "what should I know about {topic} before starting?",
    "help me plan a trip to {place}", "what's a good recipe with {noun2} and {noun}?",
    "write a birthday message for {name}", "how can I {verb} a {adj} {noun} faster?",
    "what does {word} mean in {topic}?", "is {topic} worth learning in 2026?",
    "tell me a fun fact about {topic}", "explain {topic} to a beginner",
    "what are common mistakes when you {verb} the {noun}?", "who invented the {noun}?",
    "compare {place} and {place2} for a weekend trip", "suggest a name for my {adj} {noun} business",
]

CAPABILITIES = ("math", "code", "qa", "reasoning", "summarization")

# built-in templates (slot syntax {kind}); also the fallback when promptsource is missing
BUILTIN_RING_TEMPLATES: dict[str, list[str]] = {
    "math": [
        "Solve the following problem: {math}", "{math}\nGive the final answer.", "Problem: {math}\nSolution:",
        "Compute the answer to this question: {math}", "Here is a math question.\n\n{math}\n\nWhat is the result?",
        "Solve for the unknown. {math}", "Question: {math}\nOptions: {choices}\nAnswer:",
    ],
    "code": [
        "Write a {prog_lang} function that {code_desc}.", "Implement a function which {code_desc}. Use {prog_lang}.",
        "Explain what this code does and fix any bugs:\n\n{code}", "Write unit tests for the following code:\n{code}",
        "Method description: {code_desc}\nGenerate the method in {prog_lang}.",
        "Complete the following function so that it {code_desc}:\n{code}",
    ],
    "qa": [
        "Read the passage and answer the question.\n\nPassage: {passage}\n\nQuestion: {question}",
        "Context: {passage}\nQ: {question}\nA:", "Answer the following question: {question}",
        "{passage}\n\nBased on the text above, {question_l}",
        "Given the following article, answer the question.\nArticle: {passage}\nQuestion: {question}",
    ],
    "reasoning": [
        "Premise: {sentence}\nHypothesis: {sentence}\nDoes the premise entail the hypothesis? Yes, no, or maybe?",
        "{sentence} What is the most plausible continuation? {choices}",
        "Which of the following is correct? {question} Options: {choices}",
        "Is the following statement true or false? {sentence}",
    ],
    "summarization": [
        "Summarize the following article:\n\n{passage}", "{passage}\n\nTL;DR:",
        "Write a one-sentence summary of this text: {passage}",
        "Article: {passage}\n\nWrite a headline and a short summary.",
    ],
}
POPULAR_TEMPLATES = [
    "Translate to French: {sentence}", "Translate the following into {language}:\n{sentence}",
    "Summarize: {passage}", "Summarize this in {number} bullet points:\n\n{passage}", "Fix the grammar: {sentence}",
    "Proofread this and correct any mistakes:\n{passage}", "Rewrite this to sound more professional: {sentence}",
    "Make this shorter: {passage}", "Write a reply to this email:\n\n{passage}", "Explain {topic} in simple terms.",
    "Give me {number} ideas for {topic}", "Write a haiku about {topic}", "Paraphrase: {sentence}",
    "ELI5: {question}", "Write a product description for {phrase}.",
    "Generate {number} interview questions about {topic}",
    "Extract the key points from:\n{passage}", "Convert to bullet points:\n{passage}",
    "Write a cover letter for a {topic} position at {company}.", "Translate to English: {sentence}",
    "Correct the spelling: {sentence}", "What is the sentiment of this review? {sentence}",
]
HOMEWORK_TEMPLATES = [
    "Can you help me with my homework? {math}", "Solve and show your work: {math}", "{question} Explain your answer.",
    "Answer the following question from my biology class: {question}", "How do I solve this? {math}",
    "My teacher asked: {question} What should I write?", "Check my answer: {math} I got {number}.",
    "Write a {number}-word essay about {topic}.",
]
APP_TEMPLATES = [
    "You are a customer support assistant for {company}. Reply politely to this customer message:\n{passage}",
    "Generate an SEO meta description for a page titled '{sentence}'.",
    "Extract all person names and dates from the text below as JSON.\n\n{passage}",
    "Write a SQL query that {code_desc}.",
    "Classify this support ticket into one of [billing, technical, account, other]: {sentence}",
    "Translate this product listing to {language}: {sentence}",
    "Summarize this meeting transcript in 5 bullet points:\n{passage}",
    "Write a short product description for: {phrase}. Tone: friendly.",
    "Given the user profile {name}, {topic}, recommend three articles and explain why.",
    "Rate the relevance of this document to the query '{question}' on a scale of 1-5:\n{passage}",
]
CODEHELP_TEMPLATES = [
    "{opener}why does this code not work?\n\n{code}", "Explain this {prog_lang} code:\n{code}",
    "How do I {code_desc_l} in {prog_lang}?", "{code}\n\nwhat is wrong here",
    "Write a {prog_lang} script that {code_desc}.",
    "Convert this to {prog_lang}:\n{code}", "{opener}getting an error with this, any idea?\n{code}",
]
WRITING_TEMPLATES = [
    "Write a {number}-word essay about {topic}.", "Write an email to {name} about {topic}.",
    "Write a short story about a {adj} {noun}.", "Write a LinkedIn post about {topic}.",
    "Draft a polite message to my landlord about the {noun}.", "Write a toast for {name}'s wedding.",
    "Write a poem about {topic} in the style of a sonnet.", "Create a study plan for {topic} over {number} weeks.",
    "Write a tweet announcing our new {noun}.", "Help me write a complaint to {company} about a broken {noun}.",
]
FALLBACK_BENIGN_PROMPTS = [
    "I want you to act as a travel guide. I will tell you my location and you will suggest places to visit.",
    "Act as a personal trainer and design a 4-week plan for a beginner who wants to run 5k.",
    "I want you to act as a Linux terminal. I will type commands and you will reply with the output.",
    "Pretend you are a job interviewer for a software engineering role and ask me questions one at a time.",
    "You are a helpful cooking assistant. Suggest dinner ideas using what I have in the fridge.",
    "Act as an English teacher and correct my sentences, explaining each mistake.",
    "I want you to act as a storyteller. Come up with entertaining stories for children.",
    "Act as a financial advisor and explain how to build an emergency fund.",
    "I want you to act as a poet. Write poems that evoke emotions.",
    "Act as a debate coach and give me arguments for both sides of a topic.",
    "You are a career counselor. Help me decide between two job offers.",
    "I want you to act as a math tutor for a high school student.",
    "Act as a UX reviewer and critique the onboarding flow I describe.",
    "I want you to act as a motivational coach.",
    "Act as a movie critic and review the film I name.",
    "I want you to act as a SQL terminal in front of an example database.",
]

# synonym table used by the paraphraser (lowercase keys)
SYNONYMS: dict[str, list[str]] = {
    "following": ["below", "next", "given"], "answer the": ["respond to the", "reply to the", "address the"],
    "final answer": ["final result", "final response", "end result"], "answer:": ["Response:", "Reply:", "A:"],
    "the answer": ["the response", "the result", "the solution"],
    "question": ["query", "problem", "item"], "passage": ["text", "excerpt", "paragraph"],
    "article": ["story", "text", "piece"], "solve": ["work out", "figure out", "resolve"],
    "write": ["produce", "compose", "create"], "explain": ["describe", "clarify", "walk through"],
    "give": ["provide", "supply", "offer"], "what": ["which"], "read": ["review", "look at", "go through"],
    "summarize": ["condense", "sum up", "briefly summarize"], "function": ["routine", "method", "procedure"],
    "based on": ["according to", "using"], "text": ["content", "passage", "input"],
    "problem": ["exercise", "task", "question"],
    "generate": ["create", "produce", "write"], "correct": ["right", "accurate", "valid"],
    "options": ["choices", "alternatives", "candidates"], "determine": ["decide", "work out", "find"],
    "compute": ["calculate", "evaluate", "work out"], "result": ["outcome", "value", "answer"],
    "implement": ["code", "build", "write"],
    "given": ["provided", "supplied"], "find": ["determine", "identify", "locate"],
    "which": ["what"], "sentence": ["statement", "line"], "describe": ["explain", "outline"],
}
PARA_PREFIXES = ["Please help with this task. ", "Task: ", "Hi! ", "I need an answer to the following. ",
                 "Consider this carefully.\n", "Here is something I need help with:\n", "Kindly do the following. ",
                 "Instruction: ", "Quick one: ", "Please complete this. ", "Assignment:\n", "Request: "]
PARA_FILLERS = ["carefully", "precisely", "exactly", "in detail", "thoroughly", "clearly", "briefly", "as well",
                "please", "for me", "accurately", "now", "in full"]
PARA_SUFFIXES = ["", " Thanks.", " Be precise.", " Answer in English.", " Keep it accurate.",
                 "\nRespond in full sentences.", " Do not skip anything."]

# slot kinds
KINDS = ("empty", "number", "name", "topic", "word", "phrase", "sentence", "passage", "question", "math",
         "code_desc", "code", "choices", "language", "request", "prog_lang", "opener", "chat_q", "followup",
         "company", "place", "noun", "noun2", "adj", "verb", "topic2", "place2", "sentence_l", "question_l",
         "code_desc_l")
_KID = {k: i for i, k in enumerate(KINDS)}
MAX_SLOTS = 6


# --------------------------------------------------------------------------------------
# reference data
# --------------------------------------------------------------------------------------


def default_data_dir() -> Path | None:
    """Locate the shared reference data.

    Returns
    -------
    pathlib.Path or None
        ``$GRAPHHUNT_SHARED_DATA`` if set, else ``<repo root>/../shared/data``
        (repo root = the parent of the ``graphhunt`` package directory); ``None``
        when that directory does not exist.
    """
    env = os.environ.get("GRAPHHUNT_SHARED_DATA")
    c = Path(env) if env else Path(__file__).resolve().parent.parent.parent / "shared" / "data"
    return c if c.is_dir() else None


_YAML_ESC = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "/": "/", " ": " ", "r": "\r", "0": "\0", "b": "\b",
             "e": "\x1b", "N": "\x85", "_": "\xa0"}


def _yaml_fold(lines: list[str]) -> str:
    """YAML flow-scalar folding: a single line break is a space, n empty lines are n newlines."""
    out: list[str] = []
    pending = 0
    for i, ln in enumerate(lines):
        s = ln if i == 0 else ln.lstrip(" \t")
        if i < len(lines) - 1:
            s = s.rstrip(" \t")
        if i > 0 and s == "" and i < len(lines) - 1:
            pending += 1
            continue
        if i > 0:
            out.append("\n" * pending if pending else " ")
        pending = 0
        out.append(s)
    return "".join(out)


def _yaml_scalar(first: str, rest: list[str]) -> str:
    """Parse one YAML scalar value (plain, single- or double-quoted) spanning ``first`` and following lines.

    A minimal reader for promptsource's ``jinja:`` fields, so that pyyaml (and its
    custom ``!Template`` tags) is not needed.
    """
    if first[:1] in ("'", '"'):
        q = first[0]
        buf = first[1:]
        j = 0
        while True:
            i, close = 0, -1
            while i < len(buf):
                ch = buf[i]
                if q == '"' and ch == "\\":
                    i += 2
                    continue
                if ch == q:
                    if q == "'" and i + 1 < len(buf) and buf[i + 1] == "'":
                        i += 2
                        continue
                    close = i
                    break
                i += 1
            if close >= 0 or j >= len(rest):
                body = buf[:close] if close >= 0 else buf
                break
            buf = buf + "\n" + rest[j]
            j += 1
        if q == "'":
            return _yaml_fold(body.split("\n")).replace("''", "'")
        lines = body.split("\n")
        out: list[str] = []
        pending, join_next = 0, False
        for k, ln in enumerate(lines):
            s = ln if k == 0 else ln.lstrip(" \t")
            last = k == len(lines) - 1
            esc_break = False
            if not last:
                st = s.rstrip(" \t")
                nb = len(st) - len(st.rstrip("\\"))
                if nb % 2 == 1:
                    esc_break, s = True, st[:-1]
                else:
                    s = st
            if k > 0 and not join_next:
                if s == "" and not last:
                    pending += 1
                    continue
                out.append("\n" * pending if pending else " ")
            pending = 0
            out.append(s)
            join_next = esc_break

        def unesc(m: re.Match) -> str:
            e = m.group(1)
            if e[0] in "xuU" and len(e) > 1:
                return chr(int(e[1:], 16))
            return _YAML_ESC.get(e, e)

        return re.sub(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", unesc, "".join(out))
    lines = [first]
    for ln in rest:
        if ln.startswith("      ") or ln.strip() == "":
            lines.append(ln)
        else:
            break
    while len(lines) > 1 and lines[-1].strip() == "":
        lines.pop()
    return _yaml_fold([x.rstrip() for x in lines]).strip()


def _read_promptsource_file(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
    key = "    jinja: "
    return [_yaml_scalar(ln[len(key):], lines[i + 1:]) for i, ln in enumerate(lines) if ln.startswith(key)]


_CAT_DATASETS = {
    "math": {"math_dataset", "math_qa", "aqua_rat"},
    "code": {"code_x_glue_tc_text_to_code", "great_code", "neural_code_search", "openai_humaneval"},
    "reasoning": {"anli", "super_glue", "glue", "hellaswag", "piqa", "winogrande", "winograd_wsc", "esnli", "snli",
                  "multi_nli", "xnli", "hans", "scitail", "art", "codah", "swag", "story_cloze", "mwsc", "wino_bias",
                  "sick", "circa", "commonsense_qa", "cos_e", "riddle_sense", "social_i_qa", "cosmos_qa", "numer_sense",
                  "mc_taco", "quarel", "quartz", "wiqa", "openbookqa", "ai2_arc", "qasc", "sciq", "lambada", "paws",
                  "paws-x", "medical_questions_pairs", "quora", "tab_fact", "fever", "climate_fever", "liar"},
    "summarization": {"cnn_dailymail", "xsum", "samsum", "gigaword", "multi_news", "billsum", "scitldr", "aeslc",
                      "scientific_papers", "multi_x_science_sum", "wiki_bio", "common_gen", "e2e_nlg_cleaned",
                      "enriched_web_nlg", "kelm", "asset", "turk", "discofuse", "wiki_split", "sent_comp", "jfleg",
                      "cc_news", "newspop", "cord19"},
    "qa": {"squad", "squad_v2", "squad_adversarial", "squadshifts", "adversarial_qa", "quoref", "ropes", "duorc",
           "quail", "race", "dream", "coqa", "quac", "narrativeqa", "hotpot_qa", "trivia_qa", "web_questions",
           "wiki_qa", "nq_open", "tydiqa", "xquad", "xquad_r", "head_qa", "pubmed_qa", "qed", "kilt_tasks",
           "freebase_qa", "wiki_hop", "subjqa", "yahoo_answers_qa", "drop", "ambig_qa", "selqa", "covid_qa_castorini",
           "asnq", "qa_srl", "qa_zre", "lama", "mocha", "zest", "cbt", "craffel"},
}
_DS_CAT = {ds: cat for cat, dss in _CAT_DATASETS.items() for ds in dss}

_JTOK = re.compile(r"(\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\})", re.S)
_LIT = re.compile(r"""^\s*(["'])(.*?)\1\s*(\|.*)?$""", re.S)
_PASSAGE_KEYS = ("context", "passage", "article", "document", "text", "paragraph", "story", "plot", "abstract",
                 "background", "content", "dialogue", "support", "review", "email", "comment", "source", "situation",
                 "utterance", "summary", "highlights", "body", "evidence", "para", "turns", "tokens", "input")
_SENT_KEYS = ("premise", "hypothesis", "sentence", "claim", "statement", "original", "fact", "sent", "headline",
              "title", "goal", "seq", "ctx", "sents")
_NAME_KEYS = ("name", "entity", "subject", "person", "author", "pronoun", "span", "object", "speaker")
_NUM_KEYS = ("num", "count", "year", "number", "score", "rating", "star")


def _jinja_kind(expr: str, cat: str) -> str:
    e = expr.lower()
    name = re.match(r"[a-z_][a-z0-9_]*", e.strip())
    n = name.group(0) if name else e
    if "answer_choices" in e or e.lstrip().startswith("["):
        return "choices"
    if cat == "math" and any(k in n for k in ("question", "problem", "rationale")):
        return "math"
    if cat == "code":
        if "code" in n or n in ("prompt", "func", "function", "source"):
            return "code"
        if n in ("nl", "docstring", "description", "query", "text"):
            return "code_desc"
    if any(k in n for k in ("option", "choice", "candidate", "ending", "sol", "answer", "label", "target")):
        return "phrase"
    if any(k in n for k in ("question", "query", "request")):
        return "question"
    if any(k in n for k in _PASSAGE_KEYS):
        return "passage"
    if any(k in n for k in _SENT_KEYS):
        return "sentence"
    if any(k in n for k in _NUM_KEYS):
        return "number"
    if any(k in n for k in _NAME_KEYS):
        return "name"
    if any(k in n for k in ("word", "letter", "variable", "concept", "domain", "topic", "category")):
        return "word"
    return "phrase"


def _clean_part(s: str) -> str:
    s = s.replace("\r", "")
    s = re.sub(r"[ \t]+", " ", s)
    s = re.sub(r" *\n *", "\n", s)
    return re.sub(r"\n{3,}", "\n\n", s)


def _jinja_to_template(src: str, cat: str) -> tuple[list[str], list[str]] | None:
    """Convert a promptsource Jinja template (prompt side) to literal parts and slot kinds.

    ``{{ expr }}`` becomes a slot whose kind is guessed from the expression (or
    the literal text for string literals); ``{% %}`` tags are removed, keeping
    the first branch of ``if`` blocks and one pass of ``for`` loops.
    """
    src = src.split("|||")[0]
    parts, kinds = [""], []
    used: set[str] = set()
    depth, skip = 0, None
    for tok in _JTOK.split(src):
        if tok.startswith("{%"):
            words = tok[2:-2].strip("-+ \n\t").split()
            w = words[0] if words else ""
            if w in ("if", "for", "macro", "filter", "raw"):
                depth += 1
            elif w in ("endif", "endfor", "endmacro", "endfilter", "endraw"):
                if skip == depth:
                    skip = None
                depth -= 1
            elif w in ("else", "elif") and skip is None:
                skip = depth
            continue
        if skip is not None or tok.startswith("{#"):
            continue
        if tok.startswith("{{"):
            expr = tok[2:-2].strip("-+ \n\t")
            m = _LIT.match(expr)
            if m:
                parts[-1] += m.group(2)
                continue
            base = re.match(r"\s*([A-Za-z_][A-Za-z0-9_.]*)", expr)
            key = base.group(1) if base else expr
            if key in used:  # the same variable again (often a slice of it): keep one value only
                continue
            used.add(key)
            kinds.append(_jinja_kind(expr, cat))
            parts.append("")
        else:
            parts[-1] += tok
    if not kinds or len(kinds) > MAX_SLOTS:
        return None
    parts = [_clean_part(p) for p in parts]
    parts[0] = parts[0].lstrip()
    parts[-1] = parts[-1].rstrip()
    lit = " ".join(parts)
    if "{{" in lit or "{%" in lit or len(re.findall(r"[A-Za-z]{2,}", lit)) < 3 or len(lit) > 1500:
        return None
    return parts, kinds


_FIRST_REQ = re.compile(r"""(?is)^(.*\bmy first [a-z ]{0,40}?\bis)\s*[:"“']?.*$""")


@dataclass
class RefData:
    """Raw material read from the shared reference data (or built-in fallbacks)."""

    ps_templates: dict[str, list[tuple[list[str], list[str]]]]
    awesome: list[str]
    acts: list[str]
    datacenter: np.ndarray  # (k, 2) uint32 [start, end] inclusive
    cloud: np.ndarray
    vpn: np.ndarray
    source: str


def _parse_cidrs(path: Path) -> np.ndarray:
    rows = []
    for ln in path.read_text().split():
        ln = ln.strip()
        if not ln or ln.startswith("#") or ":" in ln:
            continue
        try:
            ip, _, ln_ = ln.partition("/")
            a, b, c, d = (int(x) for x in ip.split("."))
            plen = int(ln_) if ln_ else 32
        except ValueError:
            continue
        start = ((a << 24) | (b << 16) | (c << 8) | d) & ~((1 << (32 - plen)) - 1) & 0xFFFFFFFF
        rows.append((start, start + (1 << (32 - plen)) - 1))
    return np.array(rows, dtype=np.int64).reshape(-1, 2)


# fallback CIDR blocks (documentation-free, plausible public ranges)
_FALLBACK_DC = ["34.64.0.0/10", "35.184.0.0/13", "52.0.0.0/11", "54.144.0.0/12", "104.131.0.0/16",
                "138.197.0.0/16", "159.65.0.0/16", "167.99.0.0/16", "45.33.0.0/17", "139.162.0.0/16",
                "20.40.0.0/13", "40.112.0.0/13", "129.146.0.0/16", "152.67.0.0/16"]
_FALLBACK_VPN = ["185.159.156.0/22", "146.70.0.0/16", "89.187.160.0/19", "193.36.224.0/22", "45.83.88.0/22",
                 "91.207.56.0/22", "103.108.92.0/22", "37.19.192.0/19", "212.102.32.0/19", "156.146.32.0/19",
                 "143.244.32.0/19", "185.245.84.0/22", "194.110.112.0/22", "82.102.16.0/20"]


def _cidr_list(cidrs: list[str]) -> np.ndarray:
    rows = []
    for c in cidrs:
        net = ipaddress.IPv4Network(c)
        rows.append((int(net.network_address), int(net.broadcast_address)))
    return np.array(rows, dtype=np.int64)


@functools.lru_cache(maxsize=4)
def _load_refdata(data_dir: str | None) -> RefData:
    base = Path(data_dir) if data_dir else None
    ps: dict[str, list] = {c: [] for c in CAPABILITIES + ("classification",)}
    awesome: list[str] = []
    acts: list[str] = []
    dc = cloud = vpn = None
    used = []
    if base is not None and base.is_dir():
        root = base / "prompts" / "promptsource-templates"
        files = sorted(root.rglob("templates.yaml")) if root.is_dir() else []
        for f in files:
            ds = f.relative_to(root).parts[0]
            cat = _DS_CAT.get(ds, "classification")
            for j in _read_promptsource_file(f):
                t = _jinja_to_template(j, cat)
                if t is not None:
                    ps[cat].append(t)
        if files:
            used.append("promptsource")
        ap = base / "prompts" / "awesome-chatgpt-prompts.csv"
        if ap.is_file():
            csv.field_size_limit(1 << 24)
            with ap.open(encoding="utf-8", errors="replace", newline="") as fh:
                for row in csv.DictReader(fh):
                    p = (row.get("prompt") or "").strip()
                    if len(p) >= 20:
                        awesome.append(p)
                        acts.append((row.get("act") or "").strip())
            used.append("awesome-chatgpt-prompts")
        vp = base / "ip" / "vpn"
        if (vp / "x4b_datacenter_ipv4.txt").is_file():
            dc = _parse_cidrs(vp / "x4b_datacenter_ipv4.txt")
        if (vp / "x4b_vpn_ipv4.txt").is_file():
            vpn = _parse_cidrs(vp / "x4b_vpn_ipv4.txt")
        cl = [_parse_cidrs(p) for p in sorted((base / "ip" / "cloud").glob("*/ipv4_merged.txt"))] \
            if (base / "ip" / "cloud").is_dir() else []
        cl = [c for c in cl if len(c)]
        if cl:
            cloud = np.concatenate(cl)
        if dc is not None or vpn is not None or cloud is not None:
            used.append("ip-ranges")
    missing = []
    if not any(ps.values()):
        missing.append("promptsource templates")
    if not awesome:
        missing.append("awesome-chatgpt-prompts")
        awesome = list(FALLBACK_BENIGN_PROMPTS)
        acts = [re.sub(r"^(I want you to act as|Act as|Pretend you are|You are) (an? )?", "", p).split(" ")[0]
                for p in awesome]
    if dc is None or cloud is None or vpn is None:
        missing.append("IP ranges")
    if dc is None:
        dc = _cidr_list(_FALLBACK_DC)
    if cloud is None:
        cloud = _cidr_list(_FALLBACK_DC)
    if vpn is None:
        vpn = _cidr_list(_FALLBACK_VPN)
    if missing:
        log.warning("simulate: shared reference data %s; using built-in fallback for: %s",
                    f"at {base} incomplete" if base is not None and base.is_dir() else "not found",
                    ", ".join(missing))
    else:
        log.info("simulate: using shared reference data at %s", base)
    return RefData(ps, awesome, acts, dc, cloud, vpn, "+".join(used) if used else "builtin")


# --------------------------------------------------------------------------------------
# slot vocabularies (vectorised string generation)
# --------------------------------------------------------------------------------------


def _oa(x: Any) -> np.ndarray:
    """Object array of Python strings."""
    a = np.empty(len(x), dtype=object)
    a[:] = list(x)
    return a


def _combo(rng: np.random.Generator, n: int, *pieces: Any) -> np.ndarray:
    """``n`` strings made by concatenating pieces.

    A ``str`` piece is literal, a list/tuple is a choice (uniform per row), an
    object ndarray of length ``n`` is taken row by row.
    """
    out = np.full(n, "", dtype=object)
    for p in pieces:
        if isinstance(p, str):
            if p:
                out = out + p
        elif isinstance(p, np.ndarray):
            out = out + p
        else:
            arr = _oa(p)
            out = out + arr[rng.integers(0, len(arr), n)]
    return out


def _nums(rng: np.random.Generator, n: int, lo: int, hi: int) -> np.ndarray:
    return rng.integers(lo, hi, n).astype(str).astype(object)


_SENT_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_CLEAN_SENT = re.compile(r"^[A-Z][A-Za-z0-9 ,;:'()\-/%$&.!?]+[.!?]$")
_IRREGULAR_PAST = {"build": "built", "find": "found", "split": "split", "write": "wrote", "plan": "planned"}


def _third(v: str) -> str:
    if v.endswith("y") and v[-2] not in "aeiou":
        return v[:-1] + "ies"
    return v + ("es" if v.endswith(("s", "sh", "ch", "x", "z")) else "s")


def _past(v: str) -> str:
    if v in _IRREGULAR_PAST:
        return _IRREGULAR_PAST[v]
    if v.endswith("y") and v[-2] not in "aeiou":
        return v[:-1] + "ied"
    return v + ("d" if v.endswith("e") else "ed")


VERBS_3 = [_third(v) for v in VERBS]
VERBS_PAST = [_past(v) for v in VERBS]
PLURALS = [_third(nn) for nn in NOUNS]  # same spelling rules as the verb -s form
CODE_VERB_IMP = ["return", "compute", "check whether there is", "find", "sort", "count", "remove", "merge",
                 "validate", "group", "print", "cache", "stream", "parse out"]
CODE_VERB_3 = ["returns", "computes", "checks whether there is", "finds", "sorts", "counts", "removes", "merges",
               "validates", "groups", "prints", "caches", "streams", "parses out"]
CODE_AGG = ["the sum", "the product", "the maximum", "the minimum", "the average", "the number", "the median",
            "the first occurrence", "the longest run", "all pairs", "the frequency", "the top k"]
CODE_ITEMS = ["even numbers", "words", "vowels", "prime numbers", "duplicate entries", "negative values", "palindromes",
              "dates", "email addresses", "unique characters", "keys", "timestamps", "URLs", "anagrams", "nodes"]
CODE_DS = ["a list", "a string", "a dictionary", "a binary tree", "a linked list", "a matrix", "a CSV file",
           "a JSON object", "an array", "a stream", "a database table", "a log file", "a graph"]
CODE_COND = ["", "", " that are greater than k", " ignoring case", " in O(n) time", " without using built-ins",
             " recursively", " for a given window size", " after removing None values", " in place", " in parallel",
             " and returns them sorted"]
CODE_BODIES = ["return sum(x for x in {a} if x % {n} == 0)", "return [w for w in {a}.split() if len(w) > {n}]",
               "return max({a}, key=len)", "return {a}[::-1]", "return sorted(set({a}))[:{n}]",
               "return {{k: v for k, v in {a}.items() if v > {n}}}", "return len({a}) % {n} == 0",
               "total = 0\n    for i in range({n}):\n        total += {a}[i]\n    return total",
               "if not {a}:\n        return None\n    return {a}[0] * {n}",
               "result = []\n    for item in {a}:\n        if item not in result:\n"
               "            result.append(item)\n    return result[{n}]"]
CODE_ARGS = ["items", "data", "s", "nums", "arr", "values", "text", "records", "matrix", "words"]


@functools.lru_cache(maxsize=4)
def _sentences(texts: tuple[str, ...]) -> list[str]:
    """Distinct mid-length sentences of the benign prompt texts."""
    real = []
    for p in texts:
        for s in _SENT_SPLIT.split(p.replace("\n", " ")):
            s = s.strip()
            if 25 <= len(s) <= 200 and _CLEAN_SENT.match(s):
                real.append(s)
    return list(dict.fromkeys(real))


def _build_vocab(rng: np.random.Generator, ref: RefData, size: int) -> list[np.ndarray]:
    """Slot vocabularies, one object array per kind in :data:`KINDS` (index = kind id)."""
    V = int(size)
    voc: dict[str, np.ndarray] = {}
    voc["empty"] = _oa([""])
    nums = np.concatenate([_nums(rng, V // 2, 2, 21), _nums(rng, V // 4, 21, 1000), _nums(rng, V // 8, 1000, 100000),
                           _nums(rng, V // 8, 1950, 2027)])
    voc["number"] = nums
    voc["name"] = _combo(rng, V // 4 + 10, FIRST_NAMES, " ", LAST_NAMES)
    acts = [a for a in ref.acts if 2 < len(a) < 40]
    voc["topic"] = _oa(TOPICS + [a.lower() for a in acts])
    voc["word"] = _oa(NOUNS + ADJECTIVES + VERBS)
    voc["noun"] = _oa(NOUNS)
    voc["noun2"] = _oa(NOUNS)
    voc["adj"] = _oa(ADJECTIVES)
    voc["verb"] = _oa(VERBS)
    voc["topic2"] = voc["topic"]
    voc["place"] = _oa(PLACES)
    voc["place2"] = voc["place"]
    q = V // 4 + 10
    voc["phrase"] = np.concatenate([
        _combo(rng, q, ADJECTIVES, " ", NOUNS), _combo(rng, q, "the ", NOUNS, " of the ", NOUNS),
        _combo(rng, q, VERBS, " the ", NOUNS), _combo(rng, q, _nums(rng, q, 2, 50), " ", PLURALS)])
    # sentences: real ones from the benign prompt set plus generated ones
    real = _sentences(tuple(ref.awesome))
    g = max(V // 2, 100)
    gen = np.concatenate([
        _combo(rng, g // 3, "The ", ADJECTIVES, " ", NOUNS, " ", VERBS_3, " the ", NOUNS, " near ", PLACES, "."),
        _combo(rng, g // 3, FIRST_NAMES, " ", VERBS_PAST, " a ", ADJECTIVES, " ", NOUNS, " in ", PLACES, " last ",
               ["year", "week", "month", "summer", "winter"], "."),
        _combo(rng, g - 2 * (g // 3), "Most ", PLURALS, " ", VERBS, " ", ["faster", "better", "less", "more often"],
               " when the ", NOUNS, " is ", ADJECTIVES, ".")])
    voc["sentence"] = np.concatenate([_oa(real), gen])
    sent = voc["sentence"]
    voc["sentence_l"] = _oa([s[:1].lower() + s[1:] for s in gen[: min(len(gen), 20000)]])
    # passages: 2-4 sentences
    npas = V
    k = rng.integers(2, 5, npas)
    pas = sent[rng.integers(0, len(sent), npas)]
    for j in range(1, 4):
        add = sent[rng.integers(0, len(sent), npas)]
        pas = np.where(k > j, pas + " " + add, pas)
    voc["passage"] = pas
    qn = V // 6 + 10
    questions = np.concatenate([
        _combo(rng, qn, "What is the ", NOUNS, " of ", PLACES, "?"),
        _combo(rng, qn, "Who ", VERBS_PAST, " the first ", NOUNS, "?"),
        _combo(rng, qn, "Why do ", PLURALS, " ", VERBS, " in ",
               ["winter", "summer", "the city", "space", "water"], "?"),
        _combo(rng, qn, "How many ", PLURALS, " are in a ", ADJECTIVES, " ", NOUNS, "?"),
        _combo(rng, qn, "When did ", FIRST_NAMES, " ", VERBS, " the ", NOUNS, "?"),
        _combo(rng, qn, "Which ", NOUNS, " is the most ", ADJECTIVES, " in ", PLACES, "?"),
    ])
    real_q = [s for s in real if s.endswith("?")]
    voc["question"] = np.concatenate([questions, _oa(real_q)]) if real_q else questions
    voc["question_l"] = _oa([s[:1].lower() + s[1:] for s in questions[: min(len(questions), 20000)]])
    # math problems
    m = max(V // 14, 20)
    a, b, c, d = (_nums(rng, m, 2, 99) for _ in range(4))
    var = _oa(list("xyzabcdkmnpqrstuvw"))[rng.integers(0, 18, m)]
    maths = [
        _combo(rng, m, "Solve ", a, "*", var, " + ", b, " = ", c, " for ", var, "."),
        _combo(rng, m, "Solve -", a, "*", var, " + ", _nums(rng, m, 100, 999), " = ", b, "*", var, " - ", c,
               " for ", var, "."),
        _combo(rng, m, "What is ", _nums(rng, m, 10, 9999), " + ", b, " * ", c, " - ", d, "?"),
        _combo(rng, m, "A train travels ", _nums(rng, m, 50, 900), " km in ", _nums(rng, m, 2, 12),
               " hours. What is its average speed in km/h?"),
        _combo(rng, m, "If ", FIRST_NAMES, " buys ", a, " ", ["apples", "pens", "tickets", "books", "shirts"],
               " at $", _nums(rng, m, 1, 40), " each and pays with a $", _nums(rng, m, 100, 2000),
               " bill, how much change is left?"),
        _combo(rng, m, "What is the derivative of ", a, "x^", _nums(rng, m, 2, 9), " + ", b, "x^",
               _nums(rng, m, 2, 5), " - ", c, "x?"),
        _combo(rng, m, "A bag has ", a, " red and ", b, " blue balls. Two are drawn without replacement. "
               "What is the probability that both are red?"),
        _combo(rng, m, "A rectangle has a perimeter of ", _nums(rng, m, 20, 400), " cm and a length of ",
               _nums(rng, m, 5, 99), " cm. What is its area?"),
        _combo(rng, m, "What is ", _nums(rng, m, 1, 99), "% of ", _nums(rng, m, 100, 100000), "?"),
        _combo(rng, m, "Calculate the compound interest on $", _nums(rng, m, 500, 50000), " at ",
               _nums(rng, m, 1, 15), "% per year for ", _nums(rng, m, 2, 30), " years."),
        _combo(rng, m, "Let f(x) = ", a, "x^2 - ", b, "x + ", c, ". What is f(", _nums(rng, m, -9, 10), ")?"),
        _combo(rng, m, "In how many ways can ", _nums(rng, m, 3, 12), " people sit in a row of ",
               _nums(rng, m, 3, 15), " chairs?"),
        _combo(rng, m, "What is the remainder when ", _nums(rng, m, 1000, 10 ** 7), " is divided by ", a, "?"),
        _combo(rng, m, "Evaluate the integral of ", a, "x^", _nums(rng, m, 1, 7), " from 0 to ", _nums(rng, m, 1, 20),
               "."),
    ]
    voc["math"] = np.concatenate(maths)
    cd = max(V // 2, 50)
    voc["code_desc"] = _combo(rng, cd, CODE_VERB_3, " ", CODE_AGG, " of ", CODE_ITEMS, " in ", CODE_DS, CODE_COND)
    voc["code_desc_l"] = _combo(rng, cd, CODE_VERB_IMP, " ", CODE_AGG, " of ", CODE_ITEMS, " in ", CODE_DS, CODE_COND)
    cn = max(V // 3, 50)
    fn = _combo(rng, cn, VERBS, "_", NOUNS)
    arg = _oa(CODE_ARGS)[rng.integers(0, len(CODE_ARGS), cn)]
    bi = rng.integers(0, len(CODE_BODIES), cn)
    nn = rng.integers(2, 12, cn)
    bodies = [CODE_BODIES[i].format(a=x, n=y) for i, x, y in zip(bi, arg, nn)]
    py = "def " + fn + "(" + arg + "):\n    " + _oa(bodies)
    js = _combo(rng, cn // 2, "function ", VERBS, [n.capitalize() for n in NOUNS], "(", CODE_ARGS,
                ") {\n  return ", CODE_ARGS, ".filter(x => x > ", _nums(rng, cn // 2, 0, 100), ").length;\n}")
    voc["code"] = np.concatenate([py, js])
    ch = max(V // 4, 20)
    p1 = voc["phrase"]
    pick = lambda: p1[rng.integers(0, len(p1), ch)]  # noqa: E731
    voc["choices"] = np.concatenate([
        "A) " + pick() + " B) " + pick() + " C) " + pick() + " D) " + pick(),
        _combo(rng, ch, ["yes, no, or maybe", "true or false", "positive or negative", "entailment, neutral, "
                         "or contradiction", "A, B, C or D", "1, 2, 3, 4 or 5"]),
        pick() + ", " + pick() + ", or " + pick()])
    voc["language"] = _oa(LANGUAGES)
    voc["prog_lang"] = _oa(PROG_LANGS)
    voc["company"] = _combo(rng, 2000, [c.capitalize() for c in COMPANY_A], " ",
                            [c.capitalize() for c in COMPANY_B])
    voc["opener"] = _oa(OPENERS)
    voc["followup"] = _oa(FOLLOWUPS)
    # chat questions from the grammar
    per = max(V // len(CHAT_PATTERNS), 20)
    chat = []
    slot_re = re.compile(r"\{(\w+)\}")
    for pat in CHAT_PATTERNS:
        pieces: list[Any] = []
        pos = 0
        for mm in slot_re.finditer(pat):
            pieces.append(pat[pos:mm.start()])
            v = voc[mm.group(1)]
            pieces.append(v[rng.integers(0, len(v), per)])
            pos = mm.end()
        pieces.append(pat[pos:])
        chat.append(_combo(rng, per, *pieces))
    chat_q = np.concatenate(chat)
    caps = rng.random(len(chat_q)) < 0.5
    chat_q[caps] = _oa([s[:1].upper() + s[1:] for s in chat_q[caps]])
    voc["chat_q"] = chat_q
    rq = max(V // 3, 30)
    voc["request"] = np.concatenate([
        chat_q[rng.integers(0, len(chat_q), rq)],
        _combo(rng, rq, ["I need help with ", "My first request is about ", "Start with ", "Let's talk about "],
               voc["topic"][rng.integers(0, len(voc["topic"]), rq)], "."),
        sent[rng.integers(0, len(sent), rq)]])
    return [voc[k] for k in KINDS]


# --------------------------------------------------------------------------------------
# templates
# --------------------------------------------------------------------------------------

_SLOT_RE = re.compile(r"\{(\w+)\}")
_SYN_RE = re.compile(r"(?<!\w)(" + "|".join(sorted((re.escape(k) for k in SYNONYMS), key=len, reverse=True))
                     + r")(?!\w)", re.I)
BENIGN_CLASSES = ("awesome", "chat", "popular", "codehelp", "homework", "writing")
_BC = {c: i for i, c in enumerate(BENIGN_CLASSES)}


def _parse_builtin(s: str) -> tuple[list[str], list[str]]:
    parts, kinds, pos = [], [], 0
    for m in _SLOT_RE.finditer(s):
        parts.append(s[pos:m.start()])
        kinds.append(m.group(1))
        pos = m.end()
    parts.append(s[pos:])
    return parts, kinds


class _Bank:
    """All prompt templates: literal parts and slot kinds, padded to MAX_SLOTS."""

    def __init__(self) -> None:
        self.parts: list[list[str]] = []
        self.kinds: list[list[int]] = []
        self.groups: dict[str, list[int]] = {}

    def add(self, parts: list[str], kinds: list[str] | list[int], group: str | None = None) -> int:
        k = [(_KID[x] if isinstance(x, str) else int(x)) for x in kinds]
        self.parts.append(list(parts) + [""] * (MAX_SLOTS + 1 - len(parts)))
        self.kinds.append(k + [0] * (MAX_SLOTS - len(k)))
        tid = len(self.parts) - 1
        if group:
            self.groups.setdefault(group, []).append(tid)
        return tid

    def text(self, tid: int) -> str:
        """The template with ``{kind}`` markers (for inspection and tests)."""
        out = self.parts[tid][0]
        for k, p in zip(self.kinds[tid], self.parts[tid][1:]):
            out += ("{" + KINDS[k] + "}" if k else "") + p
        return out

    def paraphrase(self, tid: int, rng: random.Random, strength: float) -> int:
        """A reworded variant of template ``tid``: synonyms, prefix, inserted words, reordered clauses."""
        n = sum(1 for k in self.kinds[tid] if k)
        parts = list(self.parts[tid][: n + 1])
        kinds = list(self.kinds[tid][:n])

        def syn(m: re.Match) -> str:
            w = m.group(0)
            if rng.random() >= strength:
                return w
            alts = SYNONYMS[w.lower()]
            r = alts[rng.randrange(len(alts))]
            return r[:1].upper() + r[1:] if w[:1].isupper() else r

        parts = [_SYN_RE.sub(syn, p) for p in parts]
        if rng.random() < strength:
            # reorder clauses: swap two line-level units (a line's text and its slot) ...
            swappable = [i for i in range(n - 1) if "\n" in parts[i + 1] and (i == 0 or "\n" in parts[i])
                         and "\n" in parts[i + 2]]
            if swappable:
                i = swappable[rng.randrange(len(swappable))]
                a = (parts[i].lstrip("\n"), kinds[i])
                b = (parts[i + 1].lstrip("\n"), kinds[i + 1])
                lead = parts[i][: len(parts[i]) - len(parts[i].lstrip("\n"))]
                sep = parts[i + 1][: len(parts[i + 1]) - len(parts[i + 1].lstrip("\n"))]
                parts[i], kinds[i] = lead + b[0], b[1]
                parts[i + 1], kinds[i + 1] = sep + a[0], a[1]
            else:
                # ... or reorder the sentences of one literal part
                cand = [j for j, p in enumerate(parts) if p.strip()[:1].isupper() and p.strip()[-1:] in (".", "?", "!")
                        and len(_SENT_SPLIT.split(p.strip())) >= 2]
                if cand:
                    j = cand[rng.randrange(len(cand))]
                    lead = parts[j][: len(parts[j]) - len(parts[j].lstrip())]
                    tail = parts[j][len(parts[j].rstrip()):]
                    sents = _SENT_SPLIT.split(parts[j].strip())
                    rng.shuffle(sents)
                    parts[j] = lead + " ".join(sents) + tail
        if rng.random() < strength:
            parts[0] = PARA_PREFIXES[rng.randrange(len(PARA_PREFIXES))] + parts[0]
        if rng.random() < strength:
            spots = [(j, mm.start()) for j, p in enumerate(parts) for mm in re.finditer(r"(?<=[a-z])[.?](?=\s|$)", p)]
            if spots:
                j, i = spots[rng.randrange(len(spots))]
                parts[j] = parts[j][:i] + " " + PARA_FILLERS[rng.randrange(len(PARA_FILLERS))] + parts[j][i:]
        if rng.random() < strength * 0.6:
            parts[-1] = parts[-1] + PARA_SUFFIXES[rng.randrange(len(PARA_SUFFIXES))]
        if rng.random() < strength * 0.4:
            parts = [p.replace("\n\n", "\n") if rng.random() < 0.5 else p.replace("\n", " ") for p in parts]
        if rng.random() < strength * 0.3 and parts[0][:1].isupper():
            parts[0] = parts[0][:1].lower() + parts[0][1:]
        return self.add(parts, kinds)

    def finalize(self) -> tuple[np.ndarray, np.ndarray]:
        parts = np.empty((len(self.parts), MAX_SLOTS + 1), dtype=object)
        for i, p in enumerate(self.parts):
            parts[i, :] = p
        return parts, np.array(self.kinds, dtype=np.int8).reshape(-1, MAX_SLOTS)


def _head(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit]
    k = max(cut.rfind(". "), cut.rfind(".\n"), cut.rfind("? "))
    return cut[: k + 1] if k > limit // 3 else cut.rsplit(" ", 1)[0]


def _build_bank(ref: RefData, rng: np.random.Generator) -> _Bank:
    bank = _Bank()
    for cap in CAPABILITIES:
        for s in BUILTIN_RING_TEMPLATES[cap]:
            bank.add(*_parse_builtin(s), group="ring:" + cap)
        for parts, kinds in ref.ps_templates.get(cap, []):
            bank.add(parts, kinds, group="ring:" + cap)
    for s in APP_TEMPLATES:
        bank.add(*_parse_builtin(s), group="app")
    for cap in ("classification", "summarization"):
        for parts, kinds in ref.ps_templates.get(cap, []):
            bank.add(parts, kinds, group="app")
    # benign classes
    for text in ref.awesome:
        m = _FIRST_REQ.match(text[:1500]) if "my first" in text[:1500].lower() else None
        if m:
            bank.add([_head(m.group(1), 700).rstrip() + ' "', '"'], ["request"], group="b:awesome")
        else:
            bank.add([_head(text, 380).rstrip() + "\n\n", ""], ["request"], group="b:awesome")
        if len(text) <= 700:
            bank.add([text], [], group="b:awesome")
    for s in ["{chat_q}", "{opener}{chat_q}", "{chat_q} {followup}", "{opener}{chat_q} {followup}",
              "{sentence}\n\n{chat_q}", "{opener}{request}", "{question}", "{opener}{question} {followup}"]:
        bank.add(*_parse_builtin(s), group="b:chat")
    for name, lst in (("popular", POPULAR_TEMPLATES), ("codehelp", CODEHELP_TEMPLATES), ("writing", WRITING_TEMPLATES),
                      ("homework", HOMEWORK_TEMPLATES)):
        for s in lst:
            bank.add(*_parse_builtin(s), group="b:" + name)
    # a few promptsource templates are popular homework helpers too (shared with ring families)
    for cap, k in (("math", 6), ("qa", 6), ("reasoning", 4)):
        ids = bank.groups.get("ring:" + cap, [])
        if ids:
            for i in rng.choice(ids, size=min(k, len(ids)), replace=False):
                bank.groups["b:homework"].append(int(i))
    return bank


# --------------------------------------------------------------------------------------
# IP addresses and user agents
# --------------------------------------------------------------------------------------

_RESIDENTIAL_FIRST = np.array([24, 47, 49, 50, 58, 59, 60, 61, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 78, 79, 80, 81,
                               82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 101, 106, 108,
                               109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125,
                               141, 151, 171, 173, 174, 175, 176, 177, 178, 179, 180, 181, 182, 183, 186, 187, 188,
                               189, 190, 191, 197, 200, 201, 210, 211, 212, 213, 217, 218, 219, 220, 221, 222],
                              dtype=np.int64)
_V6_FIRST = [0x2600, 0x2601, 0x2603, 0x2605, 0x2607, 0x2a00, 0x2a01, 0x2a02, 0x2a02, 0x2001, 0x2400, 0x2401,
             0x2405, 0x2409, 0x2804, 0x2c0f]


def _v4str(x: np.ndarray) -> list[str]:
    x = np.asarray(x, dtype=np.int64)
    a, b, c, d = (x >> 24) & 255, (x >> 16) & 255, (x >> 8) & 255, x & 255
    return [f"{p}.{q}.{r}.{s}" for p, q, r, s in zip(a.tolist(), b.tolist(), c.tolist(), d.tolist())]


def _v6str(hi: np.ndarray, lo: np.ndarray) -> list[str]:
    return [str(ipaddress.IPv6Address((int(h) << 64) | int(l))) for h, l in zip(hi.tolist(), lo.tolist())]


def _rand_u64(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.integers(0, 2 ** 63 - 1, n, dtype=np.int64).astype(np.uint64) * np.uint64(2) + \
        rng.integers(0, 2, n).astype(np.uint64)


class _UAs:
    """User-agent vocabulary by client category; lists are in popularity order."""

    CATS = ("py", "js", "tool", "chat", "browser", "mobile")

    def __init__(self) -> None:
        r = np.random.default_rng(20261101)  # fixed: the vocabulary is the same in every world
        py = ["python-requests/2.31.0", "OpenAI/Python 1.54.4", "python-requests/2.32.3", "OpenAI/Python 1.52.0",
              "python-httpx/0.27.0", "python-requests/2.28.1", "OpenAI/Python 1.35.3", "aiohttp/3.9.5",
              "python-requests/2.32.2", "OpenAI/Python 1.57.0", "python-httpx/0.25.2", "python-requests/2.25.1",
              "OpenAI/Python 1.12.0", "python-urllib3/2.2.1", "Python-urllib/3.11", "aiohttp/3.8.6"]
        py += [f"OpenAI/Python 1.{m}.{p}" for m in r.permutation(np.arange(3, 60)) for p in range(3)]
        py += [f"python-requests/2.{m}.{p}" for m in (26, 27, 29, 30) for p in range(3)]
        js = ["OpenAI/JS 4.67.3", "axios/1.7.7", "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)",
              "OpenAI/JS 4.52.0", "undici", "axios/1.6.8", "got (https://github.com/sindresorhus/got)", "Deno/1.44.0",
              "Bun/1.1.20"]
        js += [f"OpenAI/JS 4.{m}.{p}" for m in r.permutation(np.arange(10, 75)) for p in range(2)]
        js += [f"axios/1.{m}.{p}" for m in (4, 5, 6) for p in range(8)]
        tool = ["curl/8.5.0", "curl/7.81.0", "PostmanRuntime/7.42.0", "Go-http-client/2.0", "Go-http-client/1.1",
                "curl/8.7.1", "Java-http-client/17.0.12", "Apache-HttpClient/4.5.14 (Java/17.0.9)", "okhttp/4.12.0",
                "insomnia/9.3.2", "RestSharp/110.2.0.0", "Ruby", "Wget/1.21.4", "PostmanRuntime/7.39.0",
                "reqwest/0.12.5"]
        tool += [f"curl/7.{m}.0" for m in range(68, 89)] + [f"curl/8.{m}.{p}" for m in range(0, 11) for p in (0, 1)]
        tool += [f"PostmanRuntime/7.{m}.{p}" for m in range(30, 43) for p in range(3)]
        chat = ["ChatBox/1.4.2", "LibreChat/0.7.5", "TypingMind/3.1", "Raycast/1.81.0", "obsidian-copilot/2.5.0",
                "Cursor/0.42.3", "continue/0.8.52", "BetterChatGPT/1.2", "Jan/0.5.4", "MindMac/1.9.14",
                "OpenCat/2.31"]
        chat += [f"ChatBox/1.{m}.{p}" for m in range(0, 5) for p in range(6)]
        chat += [f"continue/0.{m}.{p}" for m in (8, 9) for p in range(0, 60, 3)]
        browser = []
        for v in range(131, 117, -1):
            for plat in ("Windows NT 10.0; Win64; x64", "Macintosh; Intel Mac OS X 10_15_7", "X11; Linux x86_64"):
                browser.append(f"Mozilla/5.0 ({plat}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 "
                               f"Safari/537.36")
        for v in range(133, 117, -1):
            for plat in ("Windows NT 10.0; Win64; x64; rv:{v}.0", "Macintosh; Intel Mac OS X 10.15; rv:{v}.0",
                         "X11; Ubuntu; Linux x86_64; rv:{v}.0"):
                browser.append(f"Mozilla/5.0 ({plat.format(v=v)}) Gecko/20100101 Firefox/{v}.0")
        for v in ("18.1", "18.0", "17.6", "17.5", "17.4", "17.3", "17.2", "17.1", "17.0"):
            browser.append(f"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                           f"Version/{v} Safari/605.1.15")
        for v in range(131, 119, -1):
            browser.append(f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                           f"Chrome/{v}.0.0.0 Safari/537.36 Edg/{v}.0.0.0")
        browser = [browser[i] for i in r.permutation(len(browser))]
        mobile = []
        for v in ("18_1", "18_0", "17_6", "17_5", "17_4", "17_3", "17_2", "17_1", "16_7", "16_6"):
            mobile.append(f"Mozilla/5.0 (iPhone; CPU iPhone OS {v} like Mac OS X) AppleWebKit/605.1.15 "
                          f"(KHTML, like Gecko) Version/{v.replace('_', '.')} Mobile/15E148 Safari/604.1")
        for a in (14, 13, 12, 11):
            for v in range(131, 121, -2):
                mobile.append(f"Mozilla/5.0 (Linux; Android {a}; K) AppleWebKit/537.36 (KHTML, like Gecko) "
                              f"Chrome/{v}.0.0.0 Mobile Safari/537.36")
        mobile += [f"Dart/3.{m} (dart:io)" for m in range(0, 6)] + [f"okhttp/4.{m}.0" for m in range(9, 13)]
        mobile += [f"CFNetwork/{c} Darwin/{d}" for c, d in (("1494.0.7", "23.4.0"), ("1568.100.1", "24.1.0"),
                                                            ("1490.0.4", "23.2.0"), ("1410.0.3", "22.4.0"))]
        mobile = [mobile[i] for i in r.permutation(len(mobile))]
        self.strings: list[str] = []
        self.ids: dict[str, np.ndarray] = {}
        self.cdf: dict[str, np.ndarray] = {}
        for name, lst in zip(self.CATS, (py, js, tool, chat, browser, mobile)):
            lst = list(dict.fromkeys(lst))
            self.ids[name] = np.arange(len(self.strings), len(self.strings) + len(lst))
            self.strings += lst
            w = 1.0 / np.arange(1, len(lst) + 1) ** 1.15
            self.cdf[name] = np.cumsum(w) / w.sum()

    def draw(self, rng: np.random.Generator, n: int, mix: Mapping[str, float]) -> np.ndarray:
        cats = [c for c in self.CATS if mix.get(c, 0) > 0]
        w = np.array([mix[c] for c in cats], dtype=float)
        ci = rng.choice(len(cats), size=n, p=w / w.sum())
        out = np.empty(n, dtype=np.int64)
        u = rng.random(n)
        for j, c in enumerate(cats):
            m = ci == j
            idx = np.minimum(np.searchsorted(self.cdf[c], u[m]), len(self.cdf[c]) - 1)
            out[m] = self.ids[c][idx]
        return out

    def top(self, rng: np.random.Generator, cat: str, k: int = 6) -> int:
        ids = self.ids[cat][:k]
        return int(ids[int(rng.integers(0, len(ids)))])


UA_MIX = {
    "individual": {"browser": 0.3, "chat": 0.3, "py": 0.15, "js": 0.05, "tool": 0.1, "mobile": 0.1},
    "dev": {"py": 0.55, "js": 0.2, "tool": 0.2, "chat": 0.05},
    "office": {"browser": 0.35, "py": 0.3, "js": 0.15, "tool": 0.1, "chat": 0.1},
    "campus": {"browser": 0.45, "chat": 0.2, "py": 0.2, "mobile": 0.1, "js": 0.05},
    "carrier": {"mobile": 0.7, "browser": 0.15, "chat": 0.15},
    "household": {"browser": 0.35, "chat": 0.3, "mobile": 0.2, "py": 0.1, "tool": 0.05},
    "vpn": {"browser": 0.4, "chat": 0.25, "py": 0.2, "tool": 0.1, "mobile": 0.05},
    "template": {"py": 0.25, "browser": 0.35, "chat": 0.25, "tool": 0.15},
    "ring_diverse": {"browser": 0.35, "py": 0.3, "js": 0.1, "tool": 0.1, "chat": 0.15},
}
BCLS_MIX = {  # awesome, chat, popular, codehelp, homework, writing
    "individual": [0.35, 0.3, 0.1, 0.1, 0.05, 0.1],
    "dev": [0.15, 0.25, 0.1, 0.4, 0.05, 0.05],
    "office": [0.15, 0.25, 0.15, 0.25, 0.0, 0.2],
    "campus": [0.12, 0.25, 0.08, 0.1, 0.4, 0.05],
    "carrier": [0.3, 0.45, 0.1, 0.02, 0.05, 0.08],
    "household": [0.3, 0.35, 0.1, 0.05, 0.1, 0.1],
    "vpn": [0.35, 0.3, 0.1, 0.1, 0.05, 0.1],
    "template": [0.3, 0.3, 0.2, 0.05, 0.05, 0.1],
    "app": [0.0, 1.0, 0.0, 0.0, 0.0, 0.0],
}
MODEL_MIX = {"benign": [0.35, 0.45, 0.12, 0.08], "dev": [0.35, 0.3, 0.2, 0.15], "ring": [0.15, 0.0, 0.5, 0.35]}
# local-hour activity profiles (24 weights), by diurnal kind
_H = np.arange(24)
DIURNAL = np.array([
    np.ones(24),                                                                     # 0 flat (24/7)
    np.where((_H >= 9) & (_H <= 17), 10.0, np.where((_H >= 7) & (_H <= 20), 3.0, 0.3)),  # 1 office
    0.4 + 2.5 * np.exp(-0.5 * ((_H - 21) / 2.2) ** 2) + 1.2 * np.exp(-0.5 * ((_H - 13) / 3) ** 2)
    + 1.5 * np.exp(-0.5 * ((_H - 45) / 2.2) ** 2),                                  # 2 evening
    0.3 + 2.0 * np.exp(-0.5 * ((_H - 14) / 3) ** 2) + 2.0 * np.exp(-0.5 * ((_H - 23) / 2) ** 2)
    + 1.5 * np.exp(-0.5 * ((_H + 1) / 2) ** 2),                                     # 3 campus
    np.where((_H >= 7) & (_H <= 23), 3.0, 0.4) + 2.0 * ((_H == 8) | (_H == 18)),    # 4 mobile
    1.0 + 0.6 * np.cos(2 * np.pi * (_H - 14) / 24),                                 # 5 app load
    1.0 + 0.5 * (0.4 + 2.5 * np.exp(-0.5 * ((_H - 21) / 2.2) ** 2)),               # 6 human-ish (evasion)
])
DIURNAL_CDF = np.cumsum(DIURNAL, axis=1) / DIURNAL.sum(axis=1, keepdims=True)


# --------------------------------------------------------------------------------------
# accounts
# --------------------------------------------------------------------------------------

_NSLOT_IP = 4
_NSLOT_T = 5


def _blank(n: int) -> dict[str, np.ndarray]:
    """Per-account behaviour arrays with neutral defaults."""
    C = len(BENIGN_CLASSES)
    return {
        "cohort": np.zeros(n, np.int8), "ring": np.full(n, -1, np.int32), "evasion": np.full(n, -1, np.int32),
        "created": np.zeros(n), "pay": np.zeros(n, np.int64), "email": np.zeros(n, np.int32),
        "country": np.zeros(n, np.int16), "org": np.full(n, -1, np.int64),
        "ua0": np.zeros(n, np.int32), "ua1": np.zeros(n, np.int32), "p_ua0": np.ones(n),
        "ipS": np.zeros((n, _NSLOT_IP), np.int64), "ipL": np.ones((n, _NSLOT_IP), np.int64),
        "ipC": np.ones((n, _NSLOT_IP)),
        "tpl": np.full((n, _NSLOT_T), -1, np.int32), "tplC": np.ones((n, _NSLOT_T)), "p_own": np.zeros(n),
        "bcls": np.tile(np.cumsum(BCLS_MIX["individual"]), (n, 1)).reshape(n, C),
        "p_reason": np.zeros(n), "rph0": np.full(n, -1, np.int32), "rph1": np.full(n, -1, np.int32),
        "model0": np.zeros(n, np.int8), "model1": np.zeros(n, np.int8), "p_model0": np.ones(n),
        "tok_mu": np.full(n, np.log(350.0)), "tok_sigma": np.full(n, 0.8), "weight": np.ones(n),
        "mode": np.zeros(n, np.int8), "act_s": np.zeros(n), "act_e": np.zeros(n), "tz": np.zeros(n),
        "diurnal": np.full(n, 2, np.int8), "jit": np.zeros(n), "sess_len": np.full(n, 3.0),
        "sess_dur": np.full(n, 900.0), "wk_bias": np.zeros(n), "nkeys": np.ones(n, np.int8),
    }


def _lognorm(rng: np.random.Generator, sigma: float, n: int | tuple = 1) -> np.ndarray:
    """Lognormal with mean 1."""
    return np.exp(sigma * rng.standard_normal(n) - sigma * sigma / 2)


def _cum(w: np.ndarray) -> np.ndarray:
    w = np.asarray(w, dtype=float)
    c = np.cumsum(w, axis=-1)
    c = c / c[..., -1:]
    c[..., -1] = 1.0
    return c


def _partition(rng: np.random.Generator, total: int, lo: int, hi: int, log_uniform: bool = True) -> list[int]:
    sizes, rem = [], int(total)
    lo, hi = max(1, lo), max(lo, hi)
    while rem > 0:
        if log_uniform:
            s = int(round(np.exp(rng.uniform(np.log(lo), np.log(hi + 0.5)))))
        else:
            s = int(rng.integers(lo, hi + 1))
        s = max(1, min(s, rem))
        sizes.append(s)
        rem -= s
    return sizes


def _allocate(n: int, weights: Mapping[str, float]) -> dict[str, int]:
    """Largest-remainder split of ``n`` by ``weights`` (deterministic)."""
    keys = list(weights)
    w = np.array([max(0.0, float(weights[k])) for k in keys])
    if n <= 0 or w.sum() <= 0:
        return {k: 0 for k in keys}
    q = w / w.sum() * n
    base = np.floor(q).astype(int)
    rem = n - base.sum()
    order = np.argsort(-(q - base), kind="stable")
    base[order[:rem]] += 1
    return {k: int(v) for k, v in zip(keys, base)}


class _World:
    """Shared tables (IPs, payment methods, orgs, domains, templates) while accounts are built."""

    def __init__(self, p: ScenarioParams, n: int, rng: np.random.Generator, ref: RefData) -> None:
        self.p, self.n, self.rng, self.ref = p, n, rng, ref
        self.t0 = int(pd.Timestamp(p.start).timestamp())
        self.W = float(p.window_days) * DAY
        self.ips: list[str] = []
        self.n_pay = 0
        self.n_org = 0
        self.domains: list[str] = []
        self._dom: dict[str, int] = {}
        self.ua = _UAs()
        self.bank = _build_bank(ref, rng)
        self.bclass_ids = [np.array(self.bank.groups.get("b:" + c, [0]), dtype=np.int64) for c in BENIGN_CLASSES]
        self.reasoning = ([" " + x for x in REASONING_PHRASES] + ["\n\n" + x for x in REASONING_PHRASES]
                          + ["\n" + x for x in REASONING_PHRASES])
        self.n_ring_phr = len(self.reasoning)
        self.reasoning += [" " + x for x in BENIGN_REASONING]
        cw = np.array([c[2] for c in COUNTRIES], dtype=float)
        self.country_p = cw / cw.sum()
        self.tz_of = np.array([c[1] for c in COUNTRIES], dtype=float)
        self.vpn_pools: list[tuple[int, int]] = []
        self.vpn_fav: list[list[int]] = []
        self.notebook = (0, 0)
        excl = np.concatenate([ref.datacenter, ref.cloud, ref.vpn])
        excl = excl[np.argsort(excl[:, 0], kind="stable")]
        self._ex_s = excl[:, 0]
        self._ex_e = np.maximum.accumulate(excl[:, 1])
        fd = 1.0 / np.arange(1, len(FREE_DOMAINS) + 1) ** 1.1
        self.free_p = fd / fd.sum()

    # ---- tables
    def add_ips(self, strs: list[str]) -> int:
        start = len(self.ips)
        self.ips.extend(strs)
        return start

    def new_pay(self, k: int) -> np.ndarray:
        out = np.arange(self.n_pay, self.n_pay + k)
        self.n_pay += k
        return out

    def new_org(self, k: int) -> np.ndarray:
        out = np.arange(self.n_org, self.n_org + k)
        self.n_org += k
        return out

    def dom(self, names: Any) -> np.ndarray:
        out = np.empty(len(names), dtype=np.int32)
        for i, d in enumerate(names):
            j = self._dom.get(d)
            if j is None:
                j = self._dom[d] = len(self.domains)
                self.domains.append(d)
            out[i] = j
        return out

    def free_domains(self, k: int) -> np.ndarray:
        return self.dom(np.array(FREE_DOMAINS, dtype=object)[self.rng.choice(len(FREE_DOMAINS), k, p=self.free_p)])

    def company_domain(self) -> str:
        r = self.rng
        return (COMPANY_A[int(r.integers(len(COMPANY_A)))] + COMPANY_B[int(r.integers(len(COMPANY_B)))]
                + str(["", "", "", "-" + str(int(r.integers(2, 99)))][int(r.integers(4))])
                + [".com", ".com", ".io", ".co", ".net", ".de", ".co.uk", ".ai"][int(r.integers(8))])

    def countries(self, k: int) -> np.ndarray:
        return self.rng.choice(len(COUNTRIES), size=k, p=self.country_p).astype(np.int16)

    # ---- IP generation
    def residential_v4(self, k: int) -> np.ndarray:
        r = self.rng
        out = np.empty(0, dtype=np.int64)
        while len(out) < k:
            m = (k - len(out)) * 2 + 8
            x = (_RESIDENTIAL_FIRST[r.integers(0, len(_RESIDENTIAL_FIRST), m)] << 24) | r.integers(0, 1 << 24, m)
            last = x & 255
            x = x[(last > 0) & (last < 255)]
            j = np.searchsorted(self._ex_s, x, side="right") - 1
            bad = (j >= 0) & (x <= self._ex_e[np.maximum(j, 0)])
            out = np.concatenate([out, x[~bad]])
        return out[:k]

    def from_cidrs(self, cidrs: np.ndarray, k: int, n_blocks: int | None = None) -> np.ndarray:
        """``k`` distinct addresses from a few (``n_blocks``) randomly chosen CIDR blocks."""
        r = self.rng
        size = cidrs[:, 1] - cidrs[:, 0] + 1
        w = np.log2(size + 1)
        w = w / w.sum()
        nb = n_blocks or max(1, min(len(cidrs), k // 16 + 1))
        blocks = cidrs[r.choice(len(cidrs), size=min(nb, len(cidrs)), replace=False, p=w)]
        got: list[int] = []
        seen: set[int] = set()
        tries = 0
        while len(got) < k and tries < 20:
            tries += 1
            b = blocks[r.integers(0, len(blocks), 2 * (k - len(got)) + 4)]
            span = b[:, 1] - b[:, 0] + 1
            x = b[:, 0] + (r.random(len(b)) * span).astype(np.int64)
            for v in x.tolist():
                if v not in seen and (v & 255) not in (0, 255):
                    seen.add(v)
                    got.append(v)
                    if len(got) >= k:
                        break
            if tries > 3:  # tiny blocks exhausted: widen the choice
                blocks = cidrs[r.choice(len(cidrs), size=min(len(cidrs), len(blocks) * 2), replace=False, p=w)]
        return np.array(got[:k], dtype=np.int64)

    def v6(self, prefixes_hi: np.ndarray, k: int) -> list[str]:
        """``k`` IPv6 addresses inside /48 prefixes (``prefixes_hi`` = top 48 bits, per address)."""
        r = self.rng
        hi = (prefixes_hi.astype(np.uint64) << np.uint64(16)) | r.integers(0, 1 << 16, k).astype(np.uint64)
        lo = _rand_u64(r, k)
        return _v6str(hi, lo)

    def v6_prefixes(self, k: int) -> np.ndarray:
        r = self.rng
        first = np.array(_V6_FIRST, dtype=np.int64)[r.integers(0, len(_V6_FIRST), k)]
        return (first << 32) | r.integers(0, 1 << 32, k)

    def ip_pool(self, ints: np.ndarray) -> tuple[int, int]:
        return self.add_ips(_v4str(ints)), len(ints)


def _set_ip_slots(A: dict, rows: Any, slots: list[tuple[Any, Any]], weights: list[Any]) -> None:
    """Set IP slots: each slot is (start, length) (scalars or per-row arrays) with a weight (scalar or array)."""
    n = len(A["cohort"][rows]) if not isinstance(rows, slice) else len(A["cohort"][rows])
    W = np.zeros((n, _NSLOT_IP))
    for j, ((s, ln), w) in enumerate(zip(slots, weights)):
        A["ipS"][rows, j] = s
        A["ipL"][rows, j] = ln
        W[:, j] = w
    A["ipC"][rows] = _cum(W + 1e-12 * (W.sum(axis=1, keepdims=True) == 0))


def _set_tpl(A: dict, rows: Any, tids: np.ndarray, weights: np.ndarray, p_own: Any) -> None:
    tids = np.atleast_2d(tids)
    weights = np.atleast_2d(weights)
    k = tids.shape[1]
    A["tpl"][rows, :k] = tids
    w = np.zeros((weights.shape[0], _NSLOT_T))
    w[:, :k] = weights
    A["tplC"][rows] = _cum(w)
    A["p_own"][rows] = p_own


def _bcls(rng: np.random.Generator, kind: str, n: int, conc: float = 8.0) -> np.ndarray:
    base = np.array(BCLS_MIX[kind])
    g = rng.gamma(base * conc + 0.02, size=(n, len(base)))
    return _cum(g)


def _models(rng: np.random.Generator, A: dict, rows: Any, n: int, mix: str) -> None:
    p = np.array(MODEL_MIX[mix], dtype=float)
    p = p / p.sum()
    A["model0"][rows] = rng.choice(len(MODELS), n, p=p)
    A["model1"][rows] = rng.choice(len(MODELS), n, p=p)
    A["p_model0"][rows] = rng.uniform(0.6, 1.0, n)


def _human_timing(rng: np.random.Generator, A: dict, n: int, diurnal: Any, wk: float,
                  sess_len: tuple = (1.5, 6.0), sess_dur: tuple = (300.0, 2400.0)) -> None:
    A["mode"][:] = 0
    A["diurnal"][:] = diurnal
    A["wk_bias"][:] = wk
    A["sess_len"][:] = rng.uniform(*sess_len, n)
    A["sess_dur"][:] = rng.uniform(*sess_dur, n)


def _benign_created(rng: np.random.Generator, w: _World, n: int) -> np.ndarray:
    age = w.p.account_age_days * DAY
    c = -age * rng.beta(1.0, 1.6, n)
    new = rng.random(n) < 0.05
    c[new] = rng.uniform(0, w.W * 0.9, new.sum())
    return c


def _common_benign(w: _World, A: dict, n: int, ua_mix: str, bkind: str) -> None:
    r = w.rng
    A["ua0"] = w.ua.draw(r, n, UA_MIX[ua_mix]).astype(np.int32)
    A["ua1"] = w.ua.draw(r, n, UA_MIX[ua_mix]).astype(np.int32)
    A["p_ua0"] = np.where(r.random(n) < 0.6, 1.0, r.uniform(0.5, 0.95, n))
    A["bcls"] = _bcls(r, bkind, n)
    _models(r, A, slice(None), n, "benign")
    A["p_reason"] = w.p.benign_reasoning_rate * r.uniform(0, 2, n) * (r.random(n) < 0.5)
    A["rph0"] = np.where(r.random(n) < 0.7, -2, -1)
    A["rph1"][:] = -2
    A["nkeys"] = r.integers(1, 3, n).astype(np.int8)


def _build_individual(w: _World, n: int, cohort: str = "benign_individual") -> dict:
    r, p = w.rng, w.p
    A = _blank(n)
    A["cohort"][:] = _CID[cohort]
    A["created"] = _benign_created(r, w, n)
    A["pay"] = w.new_pay(n)
    em = r.random(n)
    dom = w.free_domains(n)
    custom = em > 0.92
    dom[custom] = w.dom(_combo(r, int(custom.sum()), [x.lower() for x in FIRST_NAMES],
                               [x.lower() for x in LAST_NAMES], [".com", ".dev", ".me", ".net", ".io"]))
    temp = em > 0.98
    dom[temp] = w.dom(np.array(TEMP_DOMAINS, dtype=object)[r.integers(0, len(TEMP_DOMAINS), temp.sum())])
    A["email"] = dom
    A["country"] = w.countries(n)
    orgs = r.random(n) < 0.25
    A["org"][orgs] = w.new_org(int(orgs.sum()))
    dev = r.random(n) < p.individual_developers
    _common_benign(w, A, n, "individual", "individual")
    nd = int(dev.sum())
    if nd:
        A["ua0"][dev] = w.ua.draw(r, nd, UA_MIX["dev"])
        A["ua1"][dev] = w.ua.draw(r, nd, UA_MIX["dev"])
        A["bcls"][dev] = _bcls(r, "dev", nd)
        _models(r, A, dev, nd, "dev")
        A["tok_mu"][dev] = np.log(500.0)
        A["nkeys"][dev] = r.integers(1, 4, nd)
    # IPs: home (v4, or v6 for 15%), a second residential IP; developers also a shared cloud-notebook pool
    home = w.residential_v4(n)
    hs = _v4str(home)
    v6 = r.random(n) < 0.15
    if v6.any():
        v6s = w.v6(w.v6_prefixes(int(v6.sum())), int(v6.sum()))
        for i, s in zip(np.flatnonzero(v6), v6s):
            hs[i] = s
    h0 = w.add_ips(hs)
    o0 = w.ip_pool(w.residential_v4(n))[0]
    idx = np.arange(n)
    wt_home = r.uniform(0.65, 0.95, n)
    _set_ip_slots(A, slice(None), [(h0 + idx, 1), (o0 + idx, 1)], [wt_home, 1 - wt_home])
    if nd:
        nb_s, nb_l = w.notebook
        use = dev & (r.random(n) < 0.6)
        if use.any() and nb_l:
            k = int(use.sum())
            wn = r.uniform(0.2, 0.6, k)
            _set_ip_slots(A, use, [(h0 + idx[use], 1), (o0 + idx[use], 1), (nb_s, nb_l)],
                          [(1 - wn) * 0.8, (1 - wn) * 0.2, wn])
    _human_timing(r, A, n, np.where(r.random(n) < 0.6, 2, 1), 0.2)
    A["tz"] = w.tz_of[A["country"]] + r.normal(0, 0.7, n)
    A["weight"] = _lognorm(r, p.benign_activity_sigma, n)
    return A


def _build_template_users(w: _World, n: int) -> dict:
    r = w.rng
    A = _build_individual(w, n, "benign_template_users")
    A["ua0"] = w.ua.draw(r, n, UA_MIX["template"]).astype(np.int32)
    A["ua1"] = w.ua.draw(r, n, UA_MIX["template"]).astype(np.int32)
    A["bcls"] = _bcls(r, "template", n)
    pop = w.bclass_ids[_BC["popular"]]
    zw = 1.0 / np.arange(1, len(pop) + 1) ** 0.9
    t = pop[r.choice(len(pop), size=(n, 2), p=zw / zw.sum())]
    _set_tpl(A, slice(None), t, np.column_stack([np.ones(n), r.uniform(0, 1, n) * (r.random(n) < 0.5)]),
             r.uniform(0.5, 0.9, n))
    A["tok_mu"][:] = np.log(250.0)
    A["tok_sigma"][:] = 0.7
    A["weight"] = _lognorm(r, 0.8, n) * 2.0
    return A


def _build_office(w: _World, n: int) -> dict:
    r, p = w.rng, w.p
    A = _blank(n)
    A["cohort"][:] = _CID["benign_office"]
    _common_benign(w, A, n, "office", "office")
    sizes = _partition(r, n, *p.office_size)
    pos = 0
    ua_corp = w.ua.draw(r, n, UA_MIX["office"])
    home = w.ip_pool(w.residential_v4(n))[0]
    for s in sizes:
        rows = slice(pos, pos + s)
        idx = np.arange(pos, pos + s)
        pos += s
        A["email"][rows] = w.dom([w.company_domain()])[0]
        A["org"][rows] = w.new_org(1)[0] if r.random() < 0.9 else -1
        c = w.countries(1)[0]
        A["country"][rows] = c
        A["tz"][rows] = w.tz_of[c] + r.normal(0, 0.3)
        # NAT: 1-3 addresses in one /24
        k = int(r.integers(1, 4))
        base = int(w.residential_v4(1)[0]) & ~255
        nat = base + r.choice(np.arange(1, 255), size=k, replace=False)
        ns, nl = w.ip_pool(nat)
        wt = r.uniform(0.6, 0.9, s)
        _set_ip_slots(A, rows, [(ns, nl), (home + idx, 1)], [wt, 1 - wt])
        # payment: corporate card(s) shared by many employees, or own cards
        own = w.new_pay(s)
        if r.random() < p.office_corporate_card:
            cards = w.new_pay(int(r.integers(1, 3)))
            on = r.random(s) < r.uniform(0.6, 1.0)
            own[on] = cards[r.integers(0, len(cards), int(on.sum()))]
        A["pay"][rows] = own
        # employees of one company favour the company's client stack
        A["ua0"][rows] = np.where(r.random(s) < 0.5, ua_corp[idx[0]], A["ua0"][rows])
        if r.random() < p.office_internal_tool:
            app = np.array(w.bank.groups["app"])
            t = app[r.choice(len(app), size=int(r.integers(1, 3)), replace=False)]
            users = r.random(s) < r.uniform(0.3, 0.9)
            po = np.where(users, r.uniform(0.1, 0.4, s), 0.0)
            _set_tpl(A, rows, np.tile(t, (s, 1)), np.tile(r.dirichlet(np.ones(len(t))), (s, 1)), po)
        D = -r.uniform(20, p.account_age_days) * DAY
        early = r.random(s) < 0.6
        cr = np.where(early, D + r.exponential(2 * DAY, s), r.uniform(D, w.W * 0.8, s))
        A["created"][rows] = np.minimum(cr, w.W * 0.9)
    A["tok_mu"][:] = np.log(450.0)
    _human_timing(r, A, n, 1, 0.85)
    A["weight"] = _lognorm(r, 1.0, n) * 1.2
    return A


def _build_campus(w: _World, n: int) -> dict:
    r, p = w.rng, w.p
    A = _blank(n)
    A["cohort"][:] = _CID["benign_campus"]
    _common_benign(w, A, n, "campus", "campus")
    sizes = _partition(r, n, *p.campus_size)
    pos = 0
    home = w.ip_pool(w.residential_v4(n))[0]
    other = w.ip_pool(w.residential_v4(n))[0]
    hw = w.bclass_ids[_BC["homework"]]
    for s in sizes:
        rows = slice(pos, pos + s)
        idx = np.arange(pos, pos + s)
        pos += s
        word = NOUNS[int(r.integers(len(NOUNS)))] + PLACES[int(r.integers(len(PLACES)))].lower()
        dom = w.dom([word + [".edu", ".edu", ".ac.uk", ".edu.au", "-university.de", ".ac.jp"][int(r.integers(6))]])[0]
        A["email"][rows] = np.where(r.random(s) < 0.85, dom, w.free_domains(s))
        c = w.countries(1)[0]
        A["country"][rows] = c
        A["tz"][rows] = w.tz_of[c]
        k = int(r.integers(16, 65))
        base = int(w.residential_v4(1)[0]) & ~255
        ps_, pl = w.ip_pool(base + r.choice(np.arange(1, 255), size=k, replace=False))
        wc = r.uniform(0.45, 0.75, s)
        _set_ip_slots(A, rows, [(ps_, pl), (home + idx, 1), (other + idx, 1)], [wc, (1 - wc) * 0.75, (1 - wc) * 0.25])
        own = w.new_pay(s)
        if r.random() < 0.4:  # campus licence: an org and an institutional card for most students
            A["org"][rows] = w.new_org(1)[0]
            card = w.new_pay(1)[0]
            on = r.random(s) < 0.7
            own[on] = card
        A["pay"][rows] = own
        # this term's assignments: a few homework templates many students use
        t = hw[r.choice(len(hw), size=min(len(hw), int(r.integers(2, 5))), replace=False)]
        _set_tpl(A, rows, np.tile(t, (s, 1)), np.tile(r.dirichlet(np.ones(len(t))), (s, 1)), r.uniform(0.1, 0.35, s))
        A["p_reason"][rows] = r.uniform(0.1, 0.35, s)
        A["rph0"][rows] = np.where(r.random(s) < 0.5, -1, -2)
        terms = -r.uniform(0, p.account_age_days, 2) * DAY
        early = r.random(s) < 0.6
        cr = np.where(early, terms[r.integers(0, 2, s)] + r.normal(0, 2 * DAY, s),
                      -r.uniform(0, p.account_age_days, s) * DAY)
        A["created"][rows] = np.minimum(cr, w.W * 0.9)
    A["tok_mu"][:] = np.log(500.0)
    A["tok_sigma"][:] = 0.7
    _human_timing(r, A, n, 3, 0.4)
    A["weight"] = _lognorm(r, 0.9, n) * 0.8
    return A


def _build_carrier(w: _World, n: int) -> dict:
    r = w.rng
    A = _blank(n)
    A["cohort"][:] = _CID["benign_carrier_nat"]
    _common_benign(w, A, n, "carrier", "carrier")
    A["pay"] = w.new_pay(n)
    A["email"] = w.free_domains(n)
    A["created"] = _benign_created(r, w, n)
    nc = max(1, int(round(n / 2500)))
    cw = 1.0 / np.arange(1, nc + 1) ** 0.8
    car = np.sort(r.choice(nc, size=n, p=cw / cw.sum()))
    for c in range(nc):
        rows = np.flatnonzero(car == c)
        s = len(rows)
        if not s:
            continue
        cc = w.countries(1)[0]
        A["country"][rows] = np.where(r.random(s) < 0.9, cc, w.countries(s))
        A["tz"][rows] = w.tz_of[cc]
        k = max(8, s // 12)
        bases = (w.residential_v4(int(r.integers(1, 4))) >> 16) << 16
        pool = bases[r.integers(0, len(bases), k * 2)] + r.integers(256, 65280, k * 2)
        pool = np.unique(pool)[:k]
        ps_, pl = w.ip_pool(pool)
        pre = w.v6_prefixes(int(r.integers(1, 5)))
        v6a = w.add_ips(w.v6(pre[r.integers(0, len(pre), s)], s))
        v6b = w.add_ips(w.v6(pre[r.integers(0, len(pre), s)], s))
        w4 = r.uniform(0.35, 0.7, s)
        _set_ip_slots(A, rows, [(ps_, pl), (v6a + np.arange(s), 1), (v6b + np.arange(s), 1)],
                      [w4, (1 - w4) * 0.65, (1 - w4) * 0.35])
    A["tok_mu"][:] = np.log(300.0)
    _human_timing(r, A, n, 4, 0.0, sess_len=(1.0, 3.0), sess_dur=(60.0, 900.0))
    A["weight"] = _lognorm(r, 1.0, n) * 0.6
    return A


def _build_household(w: _World, n: int) -> dict:
    r, p = w.rng, w.p
    A = _blank(n)
    A["cohort"][:] = _CID["benign_household"]
    _common_benign(w, A, n, "household", "household")
    A["created"] = _benign_created(r, w, n)
    A["email"] = w.free_domains(n)
    sizes = np.array(_partition(r, n, *p.household_size, log_uniform=False), dtype=np.int64)
    H = len(sizes)
    hh = np.repeat(np.arange(H), sizes)
    c = w.countries(H)
    A["country"] = c[hh]
    A["tz"] = w.tz_of[A["country"]]
    # one home IPv4 per household (30% also an IPv6 address), plus each member's own other network
    h4 = w.ip_pool(w.residential_v4(H))[0]
    other = w.ip_pool(w.residential_v4(n))[0]
    has6 = r.random(H) < 0.3
    h6 = w.add_ips(w.v6(w.v6_prefixes(H), H))
    wo = r.uniform(0.1, 0.3, n)
    w6 = np.where(has6[hh], (1 - wo) * 0.4, 0.0)
    _set_ip_slots(A, slice(None), [(h4 + hh, 1), (h6 + hh, 1), (other + np.arange(n), 1)], [1 - wo - w6, w6, wo])
    # a shared card for 60% of households
    shared = r.random(H) < 0.6
    card = w.new_pay(H)
    A["pay"] = np.where(shared[hh], card[hh], w.new_pay(n))
    fam = r.random(H) < 0.1
    fdom = w.dom(_combo(r, H, [x.lower() for x in LAST_NAMES], ["family.net", "family.org", "home.net", ".name"]))
    A["email"] = np.where(fam[hh], fdom[hh], A["email"])
    _human_timing(r, A, n, 2, 0.1)
    A["weight"] = _lognorm(r, 1.0, n) * 0.7
    return A


def _build_vpn(w: _World, n: int) -> dict:
    """Benign commercial-VPN users; also creates the providers' exit pools that proxy rings reuse."""
    r, p = w.rng, w.p
    A = _blank(n)
    A["cohort"][:] = _CID["benign_vpn"]
    _common_benign(w, A, n, "vpn", "vpn")
    A["created"] = _benign_created(r, w, n)
    A["pay"] = w.new_pay(n)
    A["email"] = w.free_domains(n)
    pm = r.random(n) < 0.2
    A["email"][pm] = w.dom(["proton.me"])[0]
    A["country"] = w.countries(n)
    A["tz"] = w.tz_of[A["country"]]
    P = max(1, int(p.vpn_providers))
    pw = 1.0 / np.arange(1, P + 1) ** 0.9
    prov = r.choice(P, size=max(n, 1), p=pw / pw.sum())[:n]
    home = w.ip_pool(w.residential_v4(n))[0]
    for j in range(P):
        rows = np.flatnonzero(prov == j)
        s = len(rows)
        k = max(6, (s * 3) // 6)
        ps_, pl = w.ip_pool(w.from_cidrs(w.ref.vpn, k, n_blocks=int(r.integers(2, 7))))
        w.vpn_pools.append((ps_, pl))
        zw = 1.0 / np.arange(1, pl + 1) ** 0.6
        zw = zw / zw.sum()
        fav = ps_ + r.choice(pl, size=(max(s, 1), 2), p=zw)[:s]
        w.vpn_fav.append(sorted(set(fav[:, 0].tolist())))
        if not s:
            continue
        wh = r.uniform(0.05, 0.3, s)
        rest = 1 - wh
        _set_ip_slots(A, rows, [(fav[:, 0], 1), (fav[:, 1], 1), (ps_, pl), (home + rows, 1)],
                      [rest * 0.6, rest * 0.25, rest * 0.15, wh])
    _human_timing(r, A, n, np.where(r.random(n) < 0.6, 2, 1), 0.2)
    A["weight"] = _lognorm(r, p.benign_activity_sigma, n)
    return A


def _build_heavy_app(w: _World, n: int) -> dict:
    r, p = w.rng, w.p
    A = _blank(n)
    A["cohort"][:] = _CID["benign_heavy_app"]
    _common_benign(w, A, n, "dev", "app")
    sizes = np.where(r.random(n) < p.heavy_app_multi, r.integers(2, 4, n), 1)
    sizes = sizes[: int(np.searchsorted(np.cumsum(sizes), n)) + 1]
    sizes[-1] -= int(sizes.sum()) - n
    H = len(sizes)
    co = np.repeat(np.arange(H), sizes)
    # a company running its app on 2-3 accounts (one card, org, cloud range) is its own look-alike:
    # it splits load across accounts like a small ring does, openly (declared org, company domain)
    A["cohort"][sizes[co] >= 2] = _CID["benign_app_company"]
    A["org"] = w.new_org(H)[co]
    A["pay"] = w.new_pay(H)[co]
    A["email"] = w.dom(_combo(r, H, COMPANY_A, COMPANY_B, ["", "", "-app", "-ai", "hq"],
                              [".com", ".io", ".co", ".ai", ".net"]))[co]
    A["country"] = w.countries(H)[co]
    A["tz"] = w.tz_of[A["country"]]
    # 1-4 cloud addresses per company, shared by the company's accounts
    k = r.integers(1, 5, H)
    # each company in its own provider block: unrelated companies rarely share a /24
    cl = w.ref.cloud
    size = cl[:, 1] - cl[:, 0] + 1
    bw = np.log2(size + 1)
    blk = cl[r.choice(len(cl), size=H, p=bw / bw.sum())]
    cidx = np.repeat(np.arange(H), k)
    span = blk[cidx, 1] - blk[cidx, 0] + 1
    addr = blk[cidx, 0] + (r.random(len(cidx)) * span).astype(np.int64)
    addr = np.where((addr & 255) == 0, addr + 1, addr)
    addr = np.where((addr & 255) == 255, addr - 1, addr)
    ps_, _ = w.ip_pool(addr)
    first = ps_ + np.cumsum(k) - k
    _set_ip_slots(A, slice(None), [(first[co], k[co])], [1.0])
    cat = np.array(["py", "js", "tool"])[r.choice(3, size=H, p=[0.5, 0.25, 0.25])]
    ua = np.array([w.ua.top(r, c, 12) for c in cat])
    A["ua0"] = A["ua1"] = ua[co]
    A["p_ua0"][:] = 1.0
    app = np.array(w.bank.groups["app"])
    t = app[r.integers(0, len(app), (H, 3))]
    tw = r.dirichlet(np.ones(3), H) * (np.arange(3)[None, :] < r.integers(1, 4, H)[:, None])
    _set_tpl(A, slice(None), t[co], tw[co], 0.97)
    cot = r.random(H) < 0.3
    A["p_reason"] = np.where(cot, r.uniform(0.5, 0.9, H), 0.0)[co]
    A["rph0"] = A["rph1"] = r.integers(0, w.n_ring_phr, H)[co]
    A["tok_mu"] = np.log(np.where(r.random(H) < 0.5, r.uniform(20, 200, H), r.uniform(800, 2500, H)))[co]
    A["tok_sigma"][:] = 0.45
    A["model0"] = A["model1"] = r.integers(0, len(MODELS), H).astype(np.int8)[co]
    cron = r.random(H) < 0.4
    A["mode"] = np.where(cron, 1, 2).astype(np.int8)[co]
    A["jit"] = r.uniform(0.02, 0.15, H)[co]
    A["diurnal"] = np.where(cron, 0, 5).astype(np.int8)[co]
    A["weight"] = p.heavy_app_intensity * _lognorm(r, 0.6, H)[co] * _lognorm(r, 0.2, n)
    D = -r.uniform(10, p.account_age_days, H) * DAY
    A["created"] = D[co] + r.uniform(0, 3 * HOUR, n)
    A["nkeys"] = r.integers(1, 4, n).astype(np.int8)
    return A


def _ring_sizes(p: ScenarioParams, n: int, rng: np.random.Generator) -> tuple[list[int], list[str]]:
    target = int(round(p.ring_fraction * n))
    types = [t for t in RING_COHORTS if p.ring_types.get(t, 0) > 0]
    tw = np.array([p.ring_types[t] for t in types], dtype=float)
    smin = max(3, int(p.ring_size_min))
    smax = max(smin, int(p.ring_size_max))
    sizes, kinds = [], []
    rem = target
    while rem >= smin and types:
        typ = types[int(rng.choice(len(types), p=tw / tw.sum()))]
        if typ == "ring_small":
            lo, hi = smin, max(smin, min(int(p.ring_small_max), smax))
            s = int(rng.integers(lo, hi + 1))
        else:
            lo, hi = smin, smax
            a = float(p.ring_size_alpha)
            u = rng.random()
            if abs(a - 1.0) < 1e-9:
                x = lo * np.exp(u * np.log((hi + 1) / lo))
            else:
                e = 1.0 - a
                x = (lo ** e + u * ((hi + 1) ** e - lo ** e)) ** (1.0 / e)
            s = int(min(hi, max(lo, np.floor(x))))
        s = min(s, rem)
        left = rem - s
        if 0 < left < smin and s + left <= hi:
            s += left
        sizes.append(s)
        kinds.append(typ)
        rem -= s
    return sizes, kinds


def _build_rings(w: _World, sizes: list[int], types: list[str]) -> tuple[dict, list[str]]:
    r, p = w.rng, w.p
    n = int(sum(sizes))
    A = _blank(n)
    evasion_names: list[str] = []
    capw = np.array([p.ring_capabilities.get(c, 0) for c in CAPABILITIES], dtype=float)
    pos = 0
    for ri, (m, typ) in enumerate(zip(sizes, types)):
        rows = slice(pos, pos + m)
        pos += m
        A["cohort"][rows] = _CID[typ]
        A["ring"][rows] = ri
        ev: set[str] = set()
        proxy = {"ring_private_proxy": "private", "ring_commercial_proxy": "commercial"}.get(typ)
        if typ == "ring_paraphrase":
            proxy = "commercial" if r.random() < p.p_commercial_pool else "private"
        para = typ == "ring_paraphrase" or r.random() < p.p_paraphrase
        share = typ == "ring_card" or (typ == "ring_small" and r.random() < 0.7) or r.random() < p.p_card_share
        jitter = r.random() < p.p_jitter
        diverse = r.random() < p.p_diverse_ua
        mixed = r.random() < p.p_mixed
        aged = r.random() < p.p_aged_accounts
        if proxy:
            ev.add(proxy + "_proxy")
        for flag, name in ((not share, "no_shared_payment"), (para, "paraphrase"), (jitter, "jitter"),
                           (diverse, "diverse_ua"), (mixed, "mixed"), (aged, "aged_accounts")):
            if flag:
                ev.add(name)
        evasion_names.append("+".join(e for e in EVASIONS if e in ev) or "none")
        A["evasion"][rows] = ri
        # sign-up burst and campaign window
        Tr = -r.uniform(1, 60) * DAY if r.random() < 0.7 else r.uniform(0, 0.5) * w.W
        spread = np.exp(r.uniform(*np.log(np.array(p.ring_signup_spread_hours) * HOUR)))
        if aged:
            cr = Tr - r.uniform(30, p.account_age_days, m) * DAY
        else:
            cr = Tr + r.exponential(spread, m)
        cr = np.minimum(cr, w.W - 2 * DAY)
        A["created"][rows] = cr
        Cs = max(0.0, max(Tr, 0.0) + r.uniform(0, 1.5) * DAY)
        Cs = min(Cs, max(0.0, w.W - 2 * DAY))
        Ce = w.W if r.random() < 0.7 else min(w.W, Cs + r.uniform(3, max(3.5, w.p.window_days)) * DAY)
        act_s = np.maximum(Cs, np.maximum(cr, 0) + r.uniform(0.1, 6, m) * HOUR)
        act_e = np.full(m, Ce)
        if m >= 20 and r.random() < 0.3:  # members relayed in shifts
            span = act_e - act_s
            f = r.uniform(0.3, 1.0, m)
            st = act_s + r.random(m) * span * (1 - f)
            act_s, act_e = st, st + span * f
        act_e = np.maximum(act_e, np.minimum(w.W, act_s + DAY))
        act_s = np.minimum(act_s, act_e - HOUR)
        A["act_s"][rows], A["act_e"][rows] = act_s, act_e
        # payment
        pay = w.new_pay(m)
        if share:
            cards = w.new_pay(int(np.clip(round(m / r.uniform(5, 30)), 1, 6)))
            on = r.random(m) < 0.85
            on[0] = True
            pay[on] = cards[r.integers(0, len(cards), int(on.sum()))]
        A["pay"][rows] = pay
        # email, country, org
        u = r.random()
        if u < 0.6:
            A["email"][rows] = w.free_domains(m)
        elif u < 0.8:
            A["email"][rows] = w.dom([w.company_domain()])[0]
        else:
            A["email"][rows] = w.dom(np.array(TEMP_DOMAINS, dtype=object)[r.integers(0, len(TEMP_DOMAINS), m)])
        c = w.countries(1)[0]
        A["country"][rows] = c if r.random() < 0.6 else w.countries(m)
        A["tz"][rows] = w.tz_of[c]
        if r.random() < 0.05:
            A["org"][rows] = w.new_org(1)[0]
        # client
        if diverse:
            A["ua0"][rows] = w.ua.draw(r, m, UA_MIX["ring_diverse"])
            A["ua1"][rows] = w.ua.draw(r, m, UA_MIX["ring_diverse"])
            A["p_ua0"][rows] = r.uniform(0.5, 1.0, m)
        else:
            A["ua0"][rows] = A["ua1"][rows] = w.ua.top(r, ["py", "js", "tool"][int(r.choice(3, p=[.6, .2, .2]))], 8)
        # network
        if proxy == "private":
            k = int(np.clip(m * r.uniform(0.3, 2.0), 8, 400))
            ps_, pl = w.ip_pool(w.from_cidrs(w.ref.datacenter if r.random() < 0.6 else w.ref.cloud, k,
                                             n_blocks=int(r.integers(1, 5))))
            _set_ip_slots(A, rows, [(ps_, pl)], [1.0])
        elif proxy == "commercial":
            j = int(r.integers(0, len(w.vpn_pools))) if w.vpn_pools else -1
            favs = w.vpn_fav[j] if j >= 0 else []
            if len(favs) >= 3:
                k = int(np.clip(m * r.uniform(0.5, 3.0), 3, len(favs)))
                chosen = np.array(favs)[r.choice(len(favs), size=k, replace=False)]
                ps_ = w.add_ips([w.ips[i] for i in chosen.tolist()])
                _set_ip_slots(A, rows, [(ps_, k)], [1.0])
            elif j >= 0:
                _set_ip_slots(A, rows, [w.vpn_pools[j]], [1.0])
            else:
                ps_, pl = w.ip_pool(w.from_cidrs(w.ref.vpn, max(8, m), n_blocks=3))
                _set_ip_slots(A, rows, [(ps_, pl)], [1.0])
        elif typ == "ring_small":
            k = int(r.integers(1, 3))
            hs = w.ip_pool(w.residential_v4(k))
            if r.random() < 0.5:
                vm = w.ip_pool(w.from_cidrs(w.ref.cloud, 1, n_blocks=1))
                _set_ip_slots(A, rows, [hs, vm], [0.6, 0.4])
            else:
                _set_ip_slots(A, rows, [hs], [1.0])
        else:  # a few VMs of the operator
            _set_ip_slots(A, rows, [w.ip_pool(w.from_cidrs(w.ref.cloud, int(r.integers(1, 5)), n_blocks=1))], [1.0])
        # prompts
        cap = CAPABILITIES[int(r.choice(len(CAPABILITIES), p=capw / capw.sum()))]
        ids = np.array(w.bank.groups["ring:" + cap])
        lo, hi = p.ring_templates
        k = int(min(len(ids), r.integers(lo, hi + 1)))
        t = ids[r.choice(len(ids), size=k, replace=False)]
        tw_ = r.dirichlet(np.ones(k) * 2)
        tids = np.tile(t, (m, 1))
        if para:
            strength = r.uniform(*p.paraphrase_strength)
            pr = random.Random(int(r.integers(0, 2 ** 62)))
            for jj in range(k):
                seen: set[str] = set()
                for i in range(m):
                    for _ in range(6):
                        v = w.bank.paraphrase(int(t[jj]), pr, strength)
                        txt = w.bank.text(v)
                        if txt not in seen:
                            break
                        strength = min(1.0, strength + 0.05)
                    seen.add(txt)
                    tids[i, jj] = v
        p_own = 1.0 - r.uniform(*p.mixed_fraction, m) if mixed else 1.0
        _set_tpl(A, rows, tids, np.tile(tw_, (m, 1)), p_own)
        A["bcls"][rows] = _bcls(r, "individual", m)
        if r.random() < p.p_ring_reasoning:
            A["p_reason"][rows] = r.uniform(*p.ring_reasoning_rate)
        if para:
            A["rph0"][rows] = r.integers(0, w.n_ring_phr, m)
            A["rph1"][rows] = r.integers(0, w.n_ring_phr, m)
        else:
            A["rph0"][rows] = int(r.integers(0, w.n_ring_phr))
            A["rph1"][rows] = int(r.integers(0, w.n_ring_phr)) if r.random() < 0.5 else A["rph0"][pos - 1]
        A["tok_mu"][rows] = np.log(r.uniform(*p.ring_tokens_median))
        A["tok_sigma"][rows] = 0.35
        mm = int(r.choice(len(MODELS), p=np.array(MODEL_MIX["ring"]) / sum(MODEL_MIX["ring"])))
        A["model0"][rows] = mm
        A["model1"][rows] = int(r.integers(0, len(MODELS))) if r.random() < 0.2 else mm
        A["p_model0"][rows] = 0.9
        # timing: regular 24/7 machine schedule, or jittered (Poisson, optionally human-shaped)
        if jitter:
            A["mode"][rows] = 2
            A["diurnal"][rows] = 0 if r.random() < 0.5 else 6
        else:
            A["mode"][rows] = 1
            A["jit"][rows] = r.uniform(*p.ring_timing_jitter)
        A["weight"][rows] = p.ring_intensity * _lognorm(r, 0.5, 1)[0] * _lognorm(r, 0.25, m)
        A["nkeys"][rows] = np.where(r.random(m) < 0.8, 1, 2)
    return A, evasion_names


def _build_accounts(w: _World, n: int) -> tuple[dict, list[str], dict[str, int]]:
    p, r = w.p, w.rng
    sizes, types = _ring_sizes(p, n, r)
    n_ring = int(sum(sizes))
    counts = _allocate(n - n_ring, {c: p.benign_cohorts.get(c, 0.0) for c in BENIGN_COHORTS})
    builders = {
        "benign_vpn": _build_vpn,  # first: creates the VPN exit pools
        "benign_office": _build_office,
        "benign_campus": _build_campus,
        "benign_carrier_nat": _build_carrier,
        "benign_household": _build_household,
        "benign_heavy_app": _build_heavy_app,
        "benign_template_users": _build_template_users,
        "benign_individual": _build_individual,
    }
    n_dev = int((counts["benign_individual"] + counts["benign_template_users"]) * p.individual_developers)
    w.notebook = w.ip_pool(w.from_cidrs(w.ref.cloud, max(8, n_dev // 15), n_blocks=4))
    blocks = []
    if counts["benign_vpn"] == 0 and any(t in ("ring_commercial_proxy", "ring_paraphrase") for t in types):
        _build_vpn(w, 0)  # pools only
    for c, fn in builders.items():
        if counts[c] > 0:
            blocks.append(fn(w, counts[c]))
    evasion: list[str] = []
    if sizes:
        RA, evasion = _build_rings(w, sizes, types)
        blocks.append(RA)
    A = {k: np.concatenate([b[k] for b in blocks]) for k in blocks[0]}
    benign = A["ring"] < 0
    A["act_s"][benign] = np.maximum(A["created"][benign], 0.0) + w.rng.uniform(0, HOUR, int(benign.sum()))
    A["act_e"][benign] = w.W
    A["act_s"] = np.minimum(A["act_s"], w.W - HOUR)
    A["act_e"] = np.maximum(A["act_e"], A["act_s"] + HOUR)
    counts.update({t: 0 for t in RING_COHORTS})
    for t, s in zip(types, sizes):
        counts[t] += s
    # builders may split their accounts over cohorts (heavy apps: single apps and app companies)
    n_company = int((A["cohort"] == _CID["benign_app_company"]).sum())
    counts["benign_heavy_app"] -= n_company
    counts["benign_app_company"] += n_company
    return A, evasion, counts


# --------------------------------------------------------------------------------------
# events
# --------------------------------------------------------------------------------------


def _diurnal_times(w: _World, A: dict, a: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One time (seconds from window start) per row of ``a`` (account index), by diurnal profile."""
    s, e = A["act_s"][a], A["act_e"][a]
    d0 = np.floor((w.t0 + s) / DAY) - 1
    d1 = np.floor((w.t0 + e) / DAY) + 1
    nd = d1 - d0 + 1
    day = d0 + np.floor(rng.random(len(a)) * nd)
    redo = (((day.astype(np.int64) + 3) % 7) >= 5) & (rng.random(len(a)) < A["wk_bias"][a])
    day[redo] = d0[redo] + np.floor(rng.random(int(redo.sum())) * nd[redo])
    hour = np.empty(len(a))
    kinds = A["diurnal"][a]
    u = rng.random(len(a))
    for k in np.flatnonzero(np.bincount(kinds, minlength=len(DIURNAL))):
        m = kinds == k
        hour[m] = np.searchsorted(DIURNAL_CDF[k], u[m])
    hour += rng.random(len(a))
    t = day * DAY + (hour - A["tz"][a]) * HOUR - w.t0
    bad = (t < s) | (t >= e)
    t[bad] = s[bad] + rng.random(int(bad.sum())) * (e[bad] - s[bad])
    return t


def _event_numbers(w: _World, A: dict, n_ev: np.ndarray, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Every per-event quantity except strings, sorted by time."""
    p = w.p
    n = len(n_ev)
    acc = np.repeat(np.arange(n, dtype=np.int32), n_ev)
    N = len(acc)
    first = np.cumsum(n_ev) - n_ev
    mode = A["mode"][acc]
    t = np.empty(N)
    # machine schedule: regular intervals with small jitter, 24/7
    i1 = np.flatnonzero(mode == 1)
    if len(i1):
        a = acc[i1]
        iv = (A["act_e"][a] - A["act_s"][a]) / n_ev[a]
        phase = rng.uniform(-0.4, 0.4, n)
        t[i1] = A["act_s"][a] + (i1 - first[a] + 0.5 + phase[a] + A["jit"][a] * rng.standard_normal(len(i1))) * iv
    del i1
    # independent requests shaped by a daily profile (apps, jittered rings)
    i2 = np.flatnonzero(mode == 2)
    if len(i2):
        t[i2] = _diurnal_times(w, A, acc[i2], rng)
    del i2
    # humans: sessions of a few requests minutes apart, on a daily profile
    i0 = np.flatnonzero(mode == 0)
    if len(i0):
        nS = np.where(A["mode"] == 0, np.maximum(1, np.round(n_ev / A["sess_len"])), 0).astype(np.int64)
        s_first = np.cumsum(nS) - nS
        s_t = _diurnal_times(w, A, np.repeat(np.arange(n), nS), rng)
        a = acc[i0]
        es = s_first[a] + np.floor(rng.random(len(i0)) * nS[a]).astype(np.int64)
        t[i0] = s_t[es] + rng.random(len(i0)) * A["sess_dur"][a]
        del es, s_t, a
    del i0, mode
    t = np.clip(t, A["act_s"][acc], A["act_e"][acc] - 1)
    t = np.clip(t, 0, w.W - 1)
    ts = np.floor(t).astype(np.int64)
    del t
    # per-account daily limit: requests over the limit on a UTC day are rejected (not logged)
    day = (w.t0 + ts) // int(DAY)
    d0 = int(day.min()) if N else 0
    nd = int(day.max()) - d0 + 1 if N else 1
    key = acc.astype(np.int64) * nd + (day - d0)
    dropped = 0
    if N and np.bincount(key).max() > p.daily_limit:
        order = np.argsort(key * (1 << 32) + ts, kind="stable")
        k_s = key[order]
        new = np.ones(N, dtype=bool)
        new[1:] = k_s[1:] != k_s[:-1]
        idx = np.arange(N)
        rank = idx - np.maximum.accumulate(np.where(new, idx, 0))
        keep = np.sort(order[rank < p.daily_limit])
        dropped = N - len(keep)
        del order, k_s, new, idx, rank
        acc, ts = acc[keep], ts[keep]
        del keep
    del key, day
    N = len(acc)
    # global time order (ties: account index)
    order = np.argsort(ts * (1 << 24) + acc, kind="stable")
    acc, ts = acc[order], ts[order]
    del order
    out: dict[str, np.ndarray] = {"acc": acc, "ts": ts.astype(np.int32)}
    # network
    u = rng.random(N)
    slot = np.zeros(N, dtype=np.int8)
    for j in range(_NSLOT_IP - 1):
        slot += u >= A["ipC"][acc, j]
    off = np.floor(rng.random(N) * A["ipL"][acc, slot]).astype(np.int64)
    out["ip"] = (A["ipS"][acc, slot] + off).astype(np.int32)
    del off, slot
    # client, model, key
    out["ua"] = np.where(rng.random(N) < A["p_ua0"][acc], A["ua0"][acc], A["ua1"][acc]).astype(np.int32)
    out["model"] = np.where(rng.random(N) < A["p_model0"][acc], A["model0"][acc], A["model1"][acc]).astype(np.int8)
    kb = np.cumsum(A["nkeys"].astype(np.int64)) - A["nkeys"]
    out["key"] = (kb[acc] + np.floor(rng.random(N) * A["nkeys"][acc])).astype(np.int32)
    # prompt template: own templates (rings, apps, assignments, favourites) or the benign mix
    own = rng.random(N) < A["p_own"][acc]
    u = rng.random(N)
    slot = np.zeros(N, dtype=np.int8)
    for j in range(_NSLOT_T - 1):
        slot += u >= A["tplC"][acc, j]
    tid = A["tpl"][acc, slot].astype(np.int64)
    del slot
    own &= tid >= 0
    b = np.flatnonzero(~own)
    ab = acc[b]
    ub = rng.random(len(b))
    cls = np.zeros(len(b), dtype=np.int8)
    for c in range(len(BENIGN_CLASSES) - 1):
        cls += ub >= A["bcls"][ab, c]
    u2 = rng.random(len(b))
    tb = np.empty(len(b), dtype=np.int64)
    for c in range(len(BENIGN_CLASSES)):
        m = cls == c
        ids, cdf = w.bclass_ids[c], w.bclass_cdf[c]
        tb[m] = ids[np.minimum(np.searchsorted(cdf, u2[m]), len(ids) - 1)]
    tid[b] = tb
    out["tid"] = tid.astype(np.int32)
    del b, ab, ub, cls, u2, tb, tid
    # reasoning elicitation
    is_ring = A["ring"][acc] >= 0
    pr = A["p_reason"][acc]
    pr = np.where(is_ring & ~own, p.benign_reasoning_rate, pr)
    flag = rng.random(N) < pr
    rph = np.where(rng.random(N) < 0.5, A["rph0"][acc], A["rph1"][acc]).astype(np.int64)
    r1 = rph == -1
    rph[r1] = rng.integers(0, w.n_ring_phr, int(r1.sum()))
    r2 = rph == -2
    rph[r2] = rng.integers(w.n_ring_phr, len(w.reasoning), int(r2.sum()))
    out["rph"] = np.where(flag, rph, len(w.reasoning)).astype(np.int32)  # the last phrase entry is ""
    del rph, r1, r2, pr
    # output tokens
    mu = np.where(is_ring & ~own, np.log(350.0), A["tok_mu"][acc])
    sg = np.where(is_ring & ~own, 0.8, A["tok_sigma"][acc])
    tok = np.exp(mu + sg * rng.standard_normal(N)) * np.where(flag, 1.5, 1.0)
    out["tokens"] = np.clip(np.round(tok), 1, 8192).astype(np.int32)
    out["_dropped"] = np.array([dropped])
    return out


def _unique_ids(rng: np.random.Generator, n: int, prefix: str, hexdigits: int) -> np.ndarray:
    bits = 4 * hexdigits
    vals = rng.integers(0, 1 << bits, n, dtype=np.uint64)
    while True:
        _, first = np.unique(vals, return_index=True)
        dup = np.ones(n, dtype=bool)
        dup[first] = False
        if not dup.any():
            break
        vals[dup] = rng.integers(0, 1 << bits, int(dup.sum()), dtype=np.uint64)
    return _oa([f"{prefix}{v:0{hexdigits}x}" for v in vals.tolist()])


def _iso(t0: int, secs: np.ndarray) -> np.ndarray:
    """ISO 8601 UTC strings (``2026-11-01T12:34:56Z``) for ``t0 + secs`` (object array)."""
    return np.asarray(_iso_arrow(t0, secs).to_pylist(), dtype=object)


def _iso_arrow(t0: int, secs: np.ndarray) -> pa.Array:
    """ISO 8601 UTC strings for ``t0 + secs`` as an Arrow string array (built in C, no per-row Python)."""
    import pyarrow.compute as pc

    t = t0 + np.floor(np.asarray(secs, dtype=float)).astype(np.int64)
    if not len(t):
        return pa.array([], type=pa.large_string())
    d = t // 86400
    d0 = int(d.min())
    days = pa.array([x + "T" for x in np.arange(d0, int(d.max()) + 1).astype("datetime64[D]").astype(str).tolist()],
                    type=pa.large_string())
    return pc.binary_join_element_wise(pc.take(days, pa.array(d - d0)),
                                       pc.take(_tod_strings(), pa.array(t - d * 86400)),
                                       pa.scalar("", type=pa.large_string()))


@functools.lru_cache(maxsize=1)
def _tod_strings() -> pa.Array:
    return pa.array([f"{h:02d}:{m:02d}:{s:02d}Z" for h in range(24) for m in range(60) for s in range(60)],
                    type=pa.large_string())


def _arr(x: Any, large: bool = False) -> pa.Array:
    return pa.array(list(x) if not isinstance(x, list) else x, type=pa.large_string() if large else pa.string())


def _render(w: _World, ev: dict, acct_ids: np.ndarray, key_ids: np.ndarray, vocab: list[np.ndarray],
            parts: np.ndarray, kinds: np.ndarray, seed: int, chunk: int) -> pa.Table:
    """Assemble the string columns chunk by chunk with Arrow kernels (take + element-wise join)."""
    import pyarrow.compute as pc

    N = len(ev["acc"])
    # copy the per-event arrays into chunks and release the originals (``ev`` is emptied), so each chunk's
    # numbers are freed as soon as its strings exist: keeps peak memory near the size of the output
    keys = [k for k in ev if not k.startswith("_")]
    todo = [{k: ev[k][lo:lo + chunk].copy() for k in keys} for lo in range(0, N, chunk)]
    for k in keys:
        del ev[k]
    vlen = np.array([len(v) for v in vocab], dtype=np.int64)
    koff = np.concatenate([[0], np.cumsum(vlen)[:-1]])
    # large_string throughout: pandas' pyarrow-backed string dtype stores large_string, so no cast copy later
    STR = pa.large_string()
    VOC = pa.concat_arrays([_arr(v, large=True) for v in vocab])
    PARTS = [_arr(parts[:, j], large=True) for j in range(MAX_SLOTS + 1)]
    PHR = _arr(w.reasoning + [""], large=True)
    IPS, UAS, MOD = _arr(w.ips, large=True), _arr(w.ua.strings, large=True), _arr(MODELS, large=True)
    ACC, KEYS = _arr(acct_ids, large=True), _arr(key_ids, large=True)
    nslots = (kinds != 0).sum(axis=1).astype(np.int64)
    tables = []
    for ci in range(len(todo)):
        c, todo[ci] = todo[ci], None
        rng = np.random.default_rng([seed, 0x5107, ci])
        tc = c["tid"]
        m = len(tc)
        ns = nslots[tc]
        rph = c["rph"]
        # slot values: one flat index into the concatenated vocabularies per slot position
        vidx = np.zeros((m, MAX_SLOTS), dtype=np.int64)
        for j in range(int(ns.max()) if m else 0):
            ks = kinds[tc, j].astype(np.int64)
            vidx[:, j] = koff[ks] + np.floor(rng.random(m) * vlen[ks]).astype(np.int64)
        # join only the pieces a template has: rows grouped by slot count, then put back in time order
        pieces = []
        pos = np.empty(m, dtype=np.int64)
        done = 0
        for k in np.flatnonzero(np.bincount(ns, minlength=MAX_SLOTS + 1)):
            ix = np.flatnonzero(ns == k)
            tk = pa.array(tc[ix])
            cols = [pc.take(PARTS[0], tk)]
            for j in range(k):
                cols.append(pc.take(VOC, pa.array(vidx[ix, j])))
                cols.append(pc.take(PARTS[j + 1], tk))
            cols.append(pc.take(PHR, pa.array(rph[ix])))
            pieces.append(pc.binary_join_element_wise(*cols, pa.scalar("", type=STR)))
            pos[ix] = np.arange(done, done + len(ix))
            done += len(ix)
        del vidx, cols
        prompt = pc.take(pa.concat_arrays(pieces), pa.array(pos))
        del pieces
        tables.append(pa.table({
            "account_id": pc.take(ACC, pa.array(c["acc"])),
            "timestamp": _iso_arrow(w.t0, c["ts"]),
            "ip": pc.take(IPS, pa.array(c["ip"])),
            "prompt": prompt,
            "user_agent": pc.take(UAS, pa.array(c["ua"])),
            "output_tokens": pa.array(c["tokens"], type=pa.int64()),
            "api_key_id": pc.take(KEYS, pa.array(c["key"])),
            "model": pc.take(MOD, pa.array(c["model"])),
        }))
    if not tables:
        return pa.table({c: pa.array([], type=pa.int64() if c == "output_tokens" else pa.large_string())
                         for c in EVENT_COLUMNS})
    return pa.concat_tables(tables)


EVENT_COLUMNS = ["account_id", "timestamp", "ip", "prompt", "user_agent", "output_tokens", "api_key_id", "model"]
ACCOUNT_COLUMNS = ["account_id", "created_at", "payment_method", "email_domain", "country", "org_id"]
TRUTH_COLUMNS = ["account_id", "is_ring", "ring_id", "cohort", "evasion"]


def _release_memory() -> None:
    """Return freed heap memory to the OS (glibc ``malloc_trim``; a no-op elsewhere)."""
    import gc

    gc.collect()
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _string_dtype() -> pd.StringDtype:
    """pandas' default pyarrow-backed string dtype (``str`` in pandas 3; ``string[pyarrow]`` before)."""
    try:
        return pd.StringDtype("pyarrow", na_value=np.nan)
    except TypeError:  # pandas < 2.3
        return pd.StringDtype("pyarrow")


def _to_pandas(t: pa.Table) -> pd.DataFrame:
    sd = _string_dtype()
    return t.to_pandas(types_mapper=lambda typ: sd if pa.types.is_string(typ) or pa.types.is_large_string(typ)
                       else None)


# --------------------------------------------------------------------------------------
# public API
# --------------------------------------------------------------------------------------


def _resolve_params(profile: str | ScenarioParams, overrides: Mapping[str, Any]) -> ScenarioParams:
    if isinstance(profile, ScenarioParams):
        base = profile
    else:
        if profile not in PROFILES:
            raise ValueError(f"unknown profile {profile!r}; choose from {', '.join(PROFILES)}")
        base = PROFILES[profile]
    names = {f.name for f in dataclasses.fields(ScenarioParams)}
    bad = [k for k in overrides if k not in names]
    if bad:
        raise TypeError(f"unknown scenario parameter(s): {', '.join(bad)}")
    p = dataclasses.replace(base, **dict(overrides))
    for k in ("ring_types", "benign_cohorts"):
        unknown = set(getattr(p, k)) - set(COHORTS)
        if unknown:
            raise ValueError(f"{k}: unknown cohort(s) {sorted(unknown)}")
    if p.window_days <= 0 or p.daily_limit < 1 or not 0 <= p.ring_fraction < 1:
        raise ValueError("window_days > 0, daily_limit >= 1 and 0 <= ring_fraction < 1 are required")
    return p


def simulate(n_accounts: int = 20000, seed: int = 0, profile: str | ScenarioParams = "default",
             events_per_account: float = 20.0, data_dir: str | os.PathLike | None = None,
             chunk_events: int = 250_000, **overrides: Any) -> Scenario:
    """Generate a world with distillation rings, benign look-alikes and ground truth.

    Parameters
    ----------
    n_accounts : int
        Number of accounts (ring and benign).
    seed : int
        Random seed; the same seed, parameters and reference data give identical output.
    profile : str or ScenarioParams
        A name in :data:`PROFILES` (``default``, ``small-rings``, ``needle``, ``hard``) or a parameter set.
    events_per_account : float
        Average number of requests per account over the window; the per-account
        distribution is heavy-tailed (rings and heavy apps well above average).
    data_dir : path-like, optional
        Shared reference data directory. Default: ``$GRAPHHUNT_SHARED_DATA`` or
        ``<repo root>/../shared/data``. If missing, built-in material is used (logged).
    chunk_events : int
        Events rendered per chunk (bounds peak memory).
    **overrides
        Any :class:`ScenarioParams` field, e.g. ``ring_fraction=0.02, window_days=7``.

    Returns
    -------
    Scenario
        ``events``, ``accounts`` and ``truth`` DataFrames plus ``params`` and ``meta``.

    Examples
    --------
    >>> sc = simulate(n_accounts=1000, seed=3, profile="small-rings")
    >>> sorted(sc.truth.columns)
    ['account_id', 'cohort', 'evasion', 'is_ring', 'ring_id']
    """
    t_start = time.perf_counter()
    n = int(n_accounts)
    if n < 1:
        raise ValueError("n_accounts must be >= 1")
    p = _resolve_params(profile, overrides)
    dd = Path(data_dir) if data_dir is not None else default_data_dir()
    ref = _load_refdata(str(dd.resolve()) if dd is not None else None)
    rng = np.random.default_rng([int(seed), 0x6A7])
    w = _World(p, n, rng, ref)
    A, evasion_names, counts = _build_accounts(w, n)
    # popularity order of benign templates within each class
    w.bclass_cdf = []
    for c, ids in enumerate(w.bclass_ids):
        perm = rng.permutation(len(ids))
        w.bclass_ids[c] = ids[perm]
        zw = 1.0 / np.arange(1, len(ids) + 1) ** (1.0 if BENIGN_CLASSES[c] == "awesome" else 0.7)
        w.bclass_cdf.append(_cum(zw))
    t_acc = time.perf_counter()
    # events per account: heavy-tailed, scaled to the requested average, capped by the daily limit
    lam = A["weight"] * (float(events_per_account) * n / A["weight"].sum())
    days = np.maximum((A["act_e"] - A["act_s"]) / DAY, 1 / 24)
    lam = np.minimum(lam, 0.9 * p.daily_limit * days)
    n_ev = np.maximum(1, rng.poisson(lam)).astype(np.int64)
    ev = _event_numbers(w, A, n_ev, rng)
    t_ev = time.perf_counter()
    # identifiers, accounts and truth (ordered by sign-up time); then the account arrays can go
    acct_ids = _unique_ids(rng, n, "acct_", 12)
    pay_ids = _unique_ids(rng, max(w.n_pay, 1), "pm_", 16)
    org_ids = np.concatenate([_unique_ids(rng, max(w.n_org, 1), "org_", 10), _oa([""])])
    key_ids = _unique_ids(rng, int(A["nkeys"].sum()), "key_", 12)
    order = np.argsort(A["created"], kind="stable")
    ring = A["ring"][order]
    is_ring = ring >= 0
    ev_names = _oa(evasion_names + [""])
    accounts = pd.DataFrame({
        "account_id": acct_ids[order],
        "created_at": _iso(w.t0, A["created"][order]),
        "payment_method": pay_ids[A["pay"][order]],
        "email_domain": _oa(w.domains)[A["email"][order]],
        "country": _oa([c[0] for c in COUNTRIES])[A["country"][order]],
        "org_id": org_ids[A["org"][order]],
    }).astype(_string_dtype())
    rid = np.where(is_ring, ring + 1, 0)
    truth = pd.DataFrame({
        "account_id": acct_ids[order],
        "is_ring": is_ring,
        "ring_id": _oa([f"R{x:03d}" if x > 0 else "" for x in rid.tolist()]),
        "cohort": _oa(COHORTS)[A["cohort"][order]],
        "evasion": ev_names[np.where(is_ring, A["evasion"][order], len(evasion_names))],
    })
    for c in ("account_id", "ring_id", "cohort", "evasion"):
        truth[c] = truth[c].astype(_string_dtype())
    del A, pay_ids, org_ids, order, ring, rid
    _release_memory()
    t_tab = time.perf_counter()
    # prompts and the other string columns
    vsize = int(np.clip(len(ev["acc"]) / 10, 5000, 60000))
    vocab = _build_vocab(np.random.default_rng([int(seed), 0xB0C]), ref, vsize)
    parts, kinds = w.bank.finalize()
    n_templates = len(parts)
    dropped = int(ev["_dropped"][0])
    table = _render(w, ev, acct_ids, key_ids, vocab, parts, kinds, int(seed), int(chunk_events))
    del ev, vocab, parts, kinds, w
    events = _to_pandas(table)
    del table
    t_end = time.perf_counter()
    meta = {
        "seed": int(seed), "n_accounts": n, "profile": profile if isinstance(profile, str) else "custom",
        "events_per_account": float(events_per_account), "n_events": int(len(events)),
        "events_dropped_by_daily_limit": dropped, "cohort_counts": counts,
        "n_rings": int(len(evasion_names)), "ring_accounts": int(is_ring.sum()),
        "reference_data": ref.source, "templates": int(n_templates),
        "timings_s": {"accounts": round(t_acc - t_start, 3), "event_numbers": round(t_ev - t_acc, 3),
                      "tables": round(t_tab - t_ev, 3), "render": round(t_end - t_tab, 3),
                      "total": round(t_end - t_start, 3)},
    }
    log.info("simulate: %d accounts (%d in %d rings), %d events in %.1fs", n, meta["ring_accounts"],
             meta["n_rings"], meta["n_events"], t_end - t_start)
    return Scenario(events=events, accounts=accounts, truth=truth, params=p, meta=meta)


def _atomic_write(path: Path, writer: Any) -> None:
    fd, tmp = tempfile.mkstemp(prefix="." + path.name + ".", suffix=".tmp", dir=path.parent)
    os.fchmod(fd, 0o666 & ~_umask())
    os.close(fd)
    try:
        writer(tmp)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_scenario(sc: Scenario, out_dir: str | os.PathLike, fmt: str = "csv") -> dict[str, Path]:
    """Write a scenario: ``events.csv`` (or ``events.parquet``), ``accounts.csv``, ``truth.csv``, ``scenario.json``.

    Each file is written to a temporary name in ``out_dir`` and moved into place
    with :func:`os.replace`, so readers never see a partial file.

    Parameters
    ----------
    sc : Scenario
        From :func:`simulate`.
    out_dir : path-like
        Created if missing.
    fmt : {"csv", "parquet"}
        Format of the events table (accounts and truth are always CSV).

    Returns
    -------
    dict
        File role (``events``, ``accounts``, ``truth``, ``scenario``) -> path.
    """
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    if fmt not in ("csv", "parquet"):
        raise ValueError(f"fmt must be 'csv' or 'parquet', not {fmt!r}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)

    def arrow(df: pd.DataFrame) -> pa.Table:
        return pa.Table.from_pandas(df, preserve_index=False)

    def csv_writer(df: pd.DataFrame) -> Any:
        return lambda tmp: pacsv.write_csv(arrow(df), tmp, write_options=pacsv.WriteOptions(include_header=True))

    paths = {}
    ev_path = out / ("events.parquet" if fmt == "parquet" else "events.csv")
    if fmt == "parquet":
        _atomic_write(ev_path, lambda tmp: pq.write_table(arrow(sc.events), tmp, compression="zstd"))
    else:
        _atomic_write(ev_path, csv_writer(sc.events))
    paths["events"] = ev_path
    for name, df in (("accounts", sc.accounts), ("truth", sc.truth)):
        pth = out / f"{name}.csv"
        _atomic_write(pth, csv_writer(df))
        paths[name] = pth
    meta = {"params": sc.params.to_dict(), **sc.meta}
    pth = out / "scenario.json"
    _atomic_write(pth, lambda tmp: Path(tmp).write_text(json.dumps(meta, indent=2, default=str)))
    paths["scenario"] = pth
    log.info("write_scenario: wrote %s", ", ".join(str(p) for p in paths.values()))
    return paths


def _umask() -> int:
    m = os.umask(0)
    os.umask(m)
    return m
