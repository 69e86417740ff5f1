#!/usr/bin/env python3
"""world8: an independent synthetic world of LLM-API traffic with distillation
rings hidden among benign look-alikes, written without reading graphhunt's
detector or any other world (see docs/WORLD8.md).

    python benchmarks/world8.py --accounts 20000 --seed 1 --ring-share 0.002 \
        --ring-sizes small --out /tmp/w8/s1

Writes events.parquet, accounts.csv, truth.csv and world.json into --out.
Reads the public reference data (prompts, promptsource templates, ASN table,
VPN / datacenter / cloud / Tor lists) from the shared data folder at run time:
$WORLD8_SHARED_DATA, else ../shared/data beside the repository, else
/work/shared/data.  Everything is vectorised per event; loops run per group,
ring, template or country only.
"""
from __future__ import annotations

import argparse
import glob
import gzip
import json
import os
import re
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import yaml

# ----------------------------------------------------------------------------
# platform constants (documented in docs/WORLD8.md)
DAILY_REQUEST_LIMIT = 200          # requests per account per UTC day (hard cap)
DAILY_TOKEN_LIMIT = 600_000        # output tokens per account per UTC day (hard cap)
MAX_OUTPUT_TOKENS = 8192
MODELS = np.array(['pro-2025-11-20', 'flash-2025-11-20', 'reasoner-2026-01-08',
                   'flash-lite-2025-09-30'], dtype=object)
PLATFORM_LAUNCH = pd.Timestamp('2023-03-01', tz='UTC').value // 10**9
WINDOW_STARTS = ['2026-01-12', '2026-01-19', '2026-01-26', '2026-02-02']  # Mondays

# country: weight, tz offsets (standard time in Jan/Feb), residential ASNs,
# mobile ASNs, webmail domains.  ASNs are real and present in the 2014 table.
COUNTRIES = {
    'US': (0.30, [-5, -5, -5, -6, -6, -7, -8, -8], [7922, 20115, 7018, 22773, 209], [6167, 21928],
           ['gmail.com', 'gmail.com', 'yahoo.com', 'outlook.com', 'icloud.com', 'hotmail.com', 'comcast.net', 'aol.com']),
    'IN': (0.10, [5.5], [24560, 9829], [45609, 55410], ['gmail.com', 'gmail.com', 'yahoo.co.in', 'rediffmail.com', 'outlook.com']),
    'GB': (0.06, [0], [2856, 5089, 5607], [12576], ['gmail.com', 'hotmail.co.uk', 'outlook.com', 'btinternet.com', 'icloud.com']),
    'DE': (0.06, [1], [3320, 3209], [6805], ['gmail.com', 'web.de', 'gmx.de', 't-online.de', 'outlook.de']),
    'FR': (0.04, [1], [3215, 12322, 15557], [5410], ['gmail.com', 'orange.fr', 'free.fr', 'outlook.fr', 'laposte.net']),
    'BR': (0.05, [-3], [28573, 18881, 7738], [26615, 26599], ['gmail.com', 'hotmail.com', 'outlook.com', 'uol.com.br']),
    'JP': (0.04, [9], [4713, 2516, 17676], [9605], ['gmail.com', 'yahoo.co.jp', 'icloud.com', 'docomo.ne.jp']),
    'KR': (0.03, [9], [4766, 9318, 3786], [9644], ['naver.com', 'gmail.com', 'daum.net', 'kakao.com']),
    'CA': (0.03, [-5, -5, -8, -7, -4], [812, 577, 6327, 852], [812, 852], ['gmail.com', 'hotmail.com', 'outlook.com', 'rogers.com']),
    'AU': (0.02, [11, 11, 10.5, 10, 8], [1221, 4804, 7545], [1221, 4804], ['gmail.com', 'bigpond.com', 'outlook.com', 'icloud.com']),
    'NL': (0.02, [1], [1136, 9143], [33915], ['gmail.com', 'ziggo.nl', 'outlook.com', 'kpnmail.nl']),
    'ES': (0.02, [1], [3352, 12479], [12430], ['gmail.com', 'hotmail.es', 'outlook.es', 'yahoo.es']),
    'IT': (0.02, [1], [3269, 12874], [30722, 1267], ['gmail.com', 'libero.it', 'hotmail.it', 'virgilio.it']),
    'PL': (0.02, [1], [5617, 12741], [39603], ['gmail.com', 'wp.pl', 'onet.pl', 'o2.pl']),
    'SG': (0.015, [8], [4657, 7473], [4773], ['gmail.com', 'outlook.com', 'yahoo.com.sg']),
    'ID': (0.03, [7], [7713, 4761], [23693], ['gmail.com', 'yahoo.co.id', 'outlook.com']),
    'MX': (0.03, [-6], [8151], [8151], ['gmail.com', 'hotmail.com', 'outlook.com', 'yahoo.com.mx']),
    'TR': (0.02, [3], [9121, 34984], [16135], ['gmail.com', 'hotmail.com', 'outlook.com', 'yandex.com.tr']),
    'VN': (0.02, [7], [45899, 7552], [7552], ['gmail.com', 'yahoo.com.vn', 'outlook.com']),
    'PH': (0.02, [8], [9299, 10139], [4775], ['gmail.com', 'yahoo.com', 'outlook.com']),
    'NG': (0.01, [1], [29465], [29465], ['gmail.com', 'yahoo.com', 'outlook.com']),
    'HK': (0.01, [8], [9269, 4760], [4760], ['gmail.com', 'yahoo.com.hk', 'outlook.com', 'netvigator.com']),
}
CC = np.array(list(COUNTRIES), dtype=object)
CW = np.array([v[0] for v in COUNTRIES.values()]); CW = CW / CW.sum()
CIDX = {c: i for i, c in enumerate(CC)}
HOSTING_ASNS = [16276, 24940, 9009, 20473, 14061, 174]
CLOUD_PROVIDERS = ['amazon', 'google', 'microsoft', 'oracle', 'digitalocean', 'linode']
# approximate IPv6 allocations of a few big access ISPs (first hextet, second-hextet range)
V6_PREFIX = {'US': [(0x2601, 0x0000, 0x0fff), (0x2600, 0x1700, 0x17ff)],
             'DE': [(0x2003, 0x00c0, 0x1fff)], 'FR': [(0x2a01, 0x0e00, 0x0e3f)],
             'IN': [(0x2409, 0x4000, 0x40ff)], 'JP': [(0x240b, 0x0010, 0x00ff)]}
CORP_WORDS = re.compile(r'BANK|INSURANCE|HEALTH|HOSPITAL|PHARMA|CORPORATION|SOFTWARE|SYSTEMS|FINANCIAL|ENERGY|MEDIA|CONSULTING|LOGISTICS|AIRLINES|MOTOR|RETAIL')
ISP_WORDS = re.compile(r'TELECOM|TELEKOM|BROADBAND|CABLE|INTERNET|NETWORK|HOSTING|DATA ?CENT|CLOUD|ISP|WIRELESS|MOBILE|COMMUNICATIONS|TELEFON|TELECOMUN')

PROFILES = {  # local hour weights, weekend factor
    'chat': ([2, 1.2, .8, .5, .4, .5, 1, 2, 3.5, 5, 6, 6.5, 6, 6, 6.5, 6.5, 6, 5.5, 5.5, 6, 6.5, 6, 5, 3.5], .85),
    'work': ([.3, .2, .1, .1, .1, .2, .5, 1.5, 4, 7, 8, 8, 6, 7, 8, 8, 7.5, 5, 2.5, 1.5, 1.2, 1, .8, .5], .12),
    'student': ([4, 3, 1.5, .6, .3, .2, .3, .8, 2, 3.5, 4.5, 5, 5, 5.5, 6, 6, 6, 5.5, 5.5, 6.5, 7.5, 8, 7.5, 6], .8),
    'app': ([3, 2, 1.5, 1.2, 1, 1.2, 2, 3, 4, 5, 5.5, 6, 6, 6, 6, 6, 6, 6, 6.5, 7, 7, 6.5, 5.5, 4], .95),
    'operator': ([.5, .3, .2, .2, .2, .3, .6, 2, 5, 8, 9, 9, 6, 8, 9, 9, 8.5, 7, 5, 5, 5, 4, 2.5, 1.2], .5),
    'flat': ([1] * 24, 1.0),
}

# ----------------------------------------------------------------------------
# text banks (own writing; real prompts come from the shared data at run time)
B = {
    'topic': ['photosynthesis', 'the French Revolution', 'binary search', 'compound interest', 'the Krebs cycle',
              'supply and demand', 'quantum entanglement', 'climate change', 'the Roman Empire', 'neural networks',
              'plate tectonics', 'inflation', 'the immune system', 'recursion', 'the Cold War', 'vaccines', 'black holes',
              'blockchain', 'the water cycle', 'game theory', "Shakespeare's sonnets", 'the Industrial Revolution',
              'protein folding', 'hash tables', 'the Pythagorean theorem', 'opportunity cost', 'cloud computing',
              'the stock market', "Newton's laws", 'DNA replication', 'machine learning', 'renewable energy',
              'the Silk Road', 'probability', 'linear regression', 'TCP/IP', 'the Renaissance', 'Keynesian economics',
              'the nitrogen cycle', 'operating systems', 'sorting algorithms', 'the electoral college', 'thermodynamics',
              'gene editing', 'the printing press', 'cryptography', 'urban planning', 'behavioral economics', 'volcanoes',
              'the periodic table', 'functional programming', 'microservices', 'the placebo effect', 'ocean currents',
              'the Byzantine Empire', 'compilers', 'the Big Bang', 'monetary policy', 'cellular respiration', 'SQL joins',
              'graph theory', 'electric cars', 'impressionism', 'Bayesian statistics', 'the human brain', 'coral reefs',
              'public key infrastructure', 'the Ottoman Empire', 'mitosis', 'dynamic programming', 'carbon pricing'],
    'name': ['Aisha', 'Ben', 'Carlos', 'Dana', 'Emeka', 'Fatima', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kavya', 'Liam',
             'Mei', 'Noah', 'Olga', 'Priya', 'Quentin', 'Rosa', 'Sven', 'Tariq', 'Uma', 'Victor', 'Wen', 'Ximena',
             'Yusuf', 'Zoe', 'Arjun', 'Beatriz', 'Chen', 'Diego', 'Elena', 'Farah', 'Gustavo', 'Hana', 'Ivan', 'Jin'],
    'city': ['Lisbon', 'Austin', 'Pune', 'Osaka', 'Lagos', 'Krakow', 'Toronto', 'Melbourne', 'Bogota', 'Leeds',
             'Munich', 'Lyon', 'Seoul', 'Manila', 'Jakarta', 'Monterrey', 'Izmir', 'Hanoi', 'Denver', 'Porto Alegre',
             'Rotterdam', 'Valencia', 'Turin', 'Singapore', 'Hong Kong', 'Chicago', 'Bangalore', 'Sapporo'],
    'product': ['noise-cancelling headphones', 'a standing desk', 'an electric kettle', 'a mechanical keyboard',
                'trail running shoes', 'a robot vacuum', 'a smart thermostat', 'a cast-iron skillet', 'a yoga mat',
                'a 4K monitor', 'a travel backpack', 'wireless earbuds', 'an air purifier', 'a coffee grinder',
                'a children\'s bike', 'a waterproof jacket', 'a gaming chair', 'a portable charger'],
    'item': ['notebooks', 'apples', 'concert tickets', 'bus passes', 'pens', 'mangoes', 'T-shirts', 'coffee bags',
             'phone cases', 'plant pots', 'light bulbs', 'movie tickets'],
    'plang': ['Python', 'JavaScript', 'TypeScript', 'Go', 'Rust', 'Java', 'C++', 'Kotlin', 'C#', 'Swift'],
    'hlang': ['German', 'French', 'Spanish', 'Japanese', 'Portuguese', 'Korean', 'Italian', 'Polish', 'Hindi',
              'Indonesian', 'Turkish', 'Vietnamese', 'Dutch'],
    'codetask': ['parses an ISO 8601 date string', 'merges two sorted lists', 'finds the longest palindromic substring',
                 'validates an email address', 'computes the median of a stream of numbers',
                 'detects a cycle in a linked list', 'implements an LRU cache', 'flattens a nested dictionary',
                 'rate-limits function calls', 'converts Roman numerals to integers',
                 'finds the shortest path in a weighted graph', 'deduplicates records by a key',
                 'retries an HTTP request with exponential backoff', 'tokenizes an arithmetic expression',
                 'computes the Levenshtein distance', 'serializes a binary tree', 'reads a CSV and groups rows by a column',
                 'implements a trie with prefix search', 'checks whether a Sudoku board is valid',
                 'schedules tasks with dependencies (topological sort)', 'adds pagination to a REST endpoint'],
    'error': ["TypeError: 'NoneType' object is not subscriptable", 'KeyError: \'user_id\'',
              'ModuleNotFoundError: No module named \'torch\'', 'Segmentation fault (core dumped)',
              'CORS policy: No \'Access-Control-Allow-Origin\' header is present',
              'java.lang.NullPointerException at Main.main(Main.java:14)', 'IndexError: list index out of range',
              'fatal: refusing to merge unrelated histories', 'ERROR 1045 (28000): Access denied for user',
              'RuntimeError: CUDA out of memory', 'SyntaxError: Unexpected token \'<\'',
              'panic: runtime error: index out of range [3] with length 3', 'npm ERR! code ERESOLVE'],
    'role': ['data analyst', 'backend engineer', 'product designer', 'account manager', 'nurse practitioner',
             'warehouse supervisor', 'marketing coordinator', 'financial controller', 'HR business partner'],
    'sqltask': ['returns the top 10 customers by revenue last quarter', 'counts daily active users per country',
                'finds orders that were shipped late', 'computes month-over-month churn',
                'lists products that were never ordered', 'deduplicates the leads table by email'],
    'course': ['CS101', 'ECON 201', 'BIO 110', 'MATH 221', 'PHYS 150', 'HIST 230', 'STAT 240', 'CHEM 105', 'PSYC 100',
               'INF 2B', 'COMP 3320', 'EE 215', 'PHIL 120', 'NLP 570'],
    'zodiac': ['Aries', 'Taurus', 'Gemini', 'Cancer', 'Leo', 'Virgo', 'Libra', 'Scorpio', 'Sagittarius', 'Capricorn',
               'Aquarius', 'Pisces'],
    'hackapp': ['recipe planner', 'study buddy', 'carbon footprint tracker', 'job interview coach', 'travel planner',
                'accessibility helper', 'budget tracker', 'language exchange'],
    'shell': ['bash', 'zsh', 'PowerShell', 'fish'],
    'word': ['durable', 'lightweight', 'affordable', 'compact', 'quiet', 'fast', 'reliable', 'eco-friendly',
             'waterproof', 'stylish', 'ergonomic', 'portable', 'modular', 'energy-efficient'],
    'goal': ['book the cheapest flight from Berlin to Lisbon next Friday', 'find all invoices over 5000 EUR in the drive and summarise them',
             'create a GitHub issue for the failing test and assign it to the on-call engineer',
             'download the latest sales report and email it to the team', 'fix the failing unit test in the repository',
             'set up a cron job that backs up the database nightly', 'compare prices of three laptops and pick the best value',
             'schedule a meeting with everyone who commented on the design doc', 'rename all .jpeg files to .jpg in the folder',
             'find the memory leak in the web server and propose a patch', 'scrape the conference schedule and add talks to my calendar'],
    'tools': ['[{"name": "search_web", "parameters": {"query": "string"}}, {"name": "read_url", "parameters": {"url": "string"}}]',
              '[{"name": "run_shell", "parameters": {"cmd": "string"}}, {"name": "read_file", "parameters": {"path": "string"}}, {"name": "write_file", "parameters": {"path": "string", "content": "string"}}]',
              '[{"name": "sql_query", "parameters": {"query": "string"}}, {"name": "plot", "parameters": {"data": "array", "kind": "string"}}]',
              '[{"name": "calendar_create", "parameters": {"title": "string", "start": "datetime"}}, {"name": "email_send", "parameters": {"to": "string", "body": "string"}}]',
              '[{"name": "get_weather", "parameters": {"city": "string"}}, {"name": "book_flight", "parameters": {"from": "string", "to": "string", "date": "date"}}]',
              '[{"name": "browser_click", "parameters": {"selector": "string"}}, {"name": "browser_type", "parameters": {"selector": "string", "text": "string"}}, {"name": "screenshot", "parameters": {}}]',
              '[{"name": "git_diff", "parameters": {}}, {"name": "run_tests", "parameters": {"path": "string"}}, {"name": "apply_patch", "parameters": {"patch": "string"}}]'],
}
COMPOUND = {  # slot kinds rendered from further skeletons
    'syn': ['{name} moved to {city} in {year} to work on {topic}.', 'Sales of {product} rose by {n2} percent last quarter.',
            'Researchers in {city} published new findings about {topic} this week.',
            'The committee will review the budget for {topic} before the end of the month.',
            '{name} said the new policy on {topic} was long overdue.', 'The report lists {n2} open issues, most of them minor.',
            'Customers complained that {product} stopped working after {n1} weeks.',
            'The museum in {city} opened an exhibition on {topic}.', 'A {n2}-year-old man from {city} won the regional chess title.',
            'Shares fell {n1} percent after the company missed its forecast.', 'Heavy rain caused delays across {city} on Monday.',
            'The new version adds support for {plang} and fixes {n2} bugs.', '{name} argues that {topic} is widely misunderstood.'],
    'question': ['What is the main idea behind {topic}?', 'How does {topic} affect {topic}?', 'Why is {topic} important?',
                 'Who first described {topic}, and when?', 'What are the limitations of {topic}?',
                 'Which factors led to {topic}?', 'How would you explain {topic} to a beginner?',
                 'What is the difference between {topic} and {topic}?', 'Where did {name} move in {year}?',
                 'How many bugs did the new release fix?', 'What happened in {city} on Monday?'],
    'math': ['A store sells {item} for ${n2} each. {name} buys {n1} of them and pays with a ${n3} bill. How much change does {name} get?',
             'Solve for x: {n1}x + {n2} = {n3}.', 'The sum of three consecutive integers is {n3}. What is the largest?',
             'A rectangle has a perimeter of {n2} cm and its length is {n1} cm more than its width. What is its area?',
             '{name} invests ${n3} at {n1}% interest compounded yearly. What is it worth after {n1} years?',
             'A bag holds {n1} red and {n2} blue marbles. Two are drawn without replacement. What is the probability both are red?',
             'A train travels {n3} km in {n1} hours and then {n2} km in {n1} hours. What is its average speed?',
             'Find all real solutions of x^2 - {n2}x + {n1} = 0.', 'How many ways can {n1} people sit around a round table?',
             'What is the remainder when {n3}^{n1} is divided by {n1}?', 'If f(x) = {n1}x^2 - {n2}x, find f\'({n1}).',
             'A tank fills in {n1} hours and drains in {n2} hours. How long does it take to fill with both open?',
             '{name} reads {n2} pages a day. How many days to finish a {n3}-page book?'],
    'code': ['def {fname}(items):\n    result = []\n    for i in range(len(items)):\n        if items[i] not in result:\n            result.append(items[i])\n    return result',
             'function {fname}(arr) {\n  let total = 0;\n  for (let i = 0; i <= arr.length; i++) {\n    total += arr[i];\n  }\n  return total / arr.length;\n}',
             'def {fname}(path):\n    f = open(path)\n    data = json.load(f)\n    return data["items"][0]["value"]',
             'SELECT user_id, COUNT(*) FROM orders WHERE created_at > NOW() - INTERVAL 30 DAY GROUP BY 1 ORDER BY 2 DESC;',
             'public int {fname}(int[] a) {\n    int best = 0;\n    for (int i = 0; i < a.length; i++)\n        for (int j = i; j < a.length; j++)\n            best = Math.max(best, a[j] - a[i]);\n    return best;\n}',
             'func {fname}(s string) map[rune]int {\n\tm := map[rune]int{}\n\tfor _, r := range s {\n\t\tm[r]++\n\t}\n\treturn m\n}',
             'async def {fname}(session, url):\n    async with session.get(url) as r:\n        return await r.json()',
             'class {Fname}:\n    def __init__(self):\n        self.items = {}\n    def add(self, k, v):\n        self.items[k] = v'],
    'ticket': ['Hi, I was charged twice for order #{n3}{n2}. Can you refund one of the payments? Thanks, {name}',
               'The app crashes every time I open the settings page on my phone. Reinstalling did not help.',
               'My delivery to {city} is {n1} days late and the tracking page has not updated since Monday.',
               'I cannot log in after resetting my password, it says my account is locked.',
               'We need {n2} more seats on our team plan before Friday, who should I talk to?'],
    'email': ['Dear team, following our call on Tuesday I am attaching the revised quote for {product}. Please confirm by Friday. Best, {name}',
              'Hello, I would like to reschedule our meeting about {topic} to next week if possible. Regards, {name}',
              'Hi, we noticed an error in invoice {n3}: the amount should be ${n3}, not ${n2}. Could you reissue it?',
              'Thanks for the demo yesterday. Our main concern is how {product} integrates with our existing tools.'],
    'invoice': ['INVOICE #{n3}-{n2}\nVendor: {Fname} Supplies Ltd\nDate: 2026-01-{n1}\nItems: {n2} x {item}\nTotal due: ${n3}.{n2}',
                'Rechnung Nr. {n3}\nLieferant: {Fname} GmbH\nBetrag: {n3},{n2} EUR\nFaellig: {n1}.02.2026'],
    'review': ['I bought {product} last month and it is {word} but the battery barely lasts {n1} hours.',
               'Absolutely love {product}! {word} and {word}. Would buy again.', 'Terrible experience. {product} arrived broken and support never answered.',
               'It does the job. Not especially {word}, but fine for the price.', 'The movie was way too long, but the acting was great.',
               'Worst service I have had in {city}. We waited {n2} minutes for cold food.', 'Five stars, the staff in {city} were lovely.'],
    'dialogue': ['{name}: can we ship the release on Friday?\n{name}: only if QA signs off by Thursday.\n{name}: I will ask them today.',
                 '{name}: the numbers for {city} look off.\n{name}: I think the currency conversion is applied twice.\n{name}: can you check the pipeline?',
                 '{name}: who owns the {topic} workstream?\n{name}: nobody since last month.\n{name}: let us assign it in the planning meeting.'],
    'fname': ['process', 'compute_total', 'parse_rows', 'getUser', 'normalize', 'load_config', 'merge', 'handler', 'transform', 'findMax'],
    'Fname': ['Acme', 'Northwind', 'Contoso', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark', 'Wayne'],
}
CHAT = ['what is the difference between {topic} and {topic}', 'explain {topic} like I am five', 'Can you explain {topic} in simple terms?',
        'write a short birthday message for my friend {name}', 'plan a 3 day trip to {city} on a budget', 'fix this error: {error}',
        'how do I {codetask} in {plang}?', 'Give me 5 ideas for dinner tonight, I have chicken and rice', 'is {product} worth buying?',
        'translate "where is the train station" into {hlang}', 'write a cover letter for a {role} position', 'summarize this: {passage}',
        'help me reply to this email: {email}', 'what should I know about {topic} before my exam tomorrow',
        'rewrite this to sound more professional: {sentence}', 'why does my code not work?\n{code}', 'tell me a joke about {topic}',
        'make a workout plan for 4 days a week', 'How long should I boil an egg?', 'what are some good books about {topic}?',
        'compose a haiku about {city} in winter', 'can you check my grammar: {sentence}', 'Write a {plang} script that {codetask}',
        'I feel stressed about work, any tips?', 'explain this error please {error}', 'pros and cons of {product}',
        'what happened during {topic}?', 'recommend a laptop for programming under 1000 dollars', 'how do I negotiate a raise as a {role}',
        'create a study schedule for {course}', 'write a LinkedIn post about finishing my {topic} course', '{math}',
        'Draft a complaint to my landlord about the broken heating', 'What is {n2} percent of {n3}?', 'ok now make it shorter',
        'thanks! can you give another example?', 'give me a regex for matching dates like 2026-01-15', 'who won the world cup in 2018',
        'write a bedtime story about a dragon named {name}', 'how to convert {n3} USD to euros', 'is it safe to eat raw cookie dough']
OFFICE = ['Summarize this customer support ticket in three bullet points and suggest a priority (P1-P4):\n{ticket}',
          'Draft a polite reply to the following customer email. Keep it under 120 words.\n\n{email}',
          'Extract the invoice number, date, vendor and total amount as JSON from:\n{invoice}',
          'Rewrite the following paragraph in our brand voice (friendly, concise, no jargon):\n{passage}',
          'Translate to {hlang}, keep the formatting and product names unchanged:\n{passage}',
          'You are a senior code reviewer. Review this change and list risky parts:\n{code}',
          'Write a SQL query for our warehouse that {sqltask}.',
          'Classify this feedback as bug, feature request, praise or complaint. Reply with one word.\n{review}',
          'Create meeting notes with action items from this transcript:\n{dialogue}', 'Write a job description for a {role} in {city}.',
          'Generate 5 subject lines for a marketing email about {product}.', 'Summarize the key risks in this contract clause:\n{passage}',
          'Explain this error to a non-technical colleague:\n{error}', 'Turn these notes into a short status update for leadership:\n{passage}']
APP = ['Write a product description (max 80 words) for: {product}. Features: {word}, {word}, {word}.',
       'Classify the sentiment of this review as positive, negative or neutral.\nReview: {review}\nSentiment:',
       'Tag this support message with one of: billing, shipping, returns, technical, other.\nMessage: {ticket}',
       'Suggest 3 SEO titles for a blog post about {topic}.', 'Summarize this news article in two sentences:\n{passage}',
       'Is the following user comment toxic? Answer yes or no.\nComment: {sentence}',
       'Write a friendly push notification reminding {name} about their {item} order.',
       'Extract the city, date and number of guests from this booking request as JSON: {sentence}',
       'Answer the customer question using only the FAQ below.\nFAQ: {passage}\nQuestion: {question}',
       'Write a 2-line horoscope for {zodiac} for today.', 'Rewrite this listing title to be more appealing: {product} in {city}',
       'Generate a quiz question about {topic} with 4 options and mark the correct one.']
COURSE = ['[{course}] Homework {n1}, problem {n1}: {math} Show your work.',
          'For my {course} assignment, explain {topic} and give two real-world examples.',
          'Assignment {n1} ({course}): compare {topic} and {topic}. Use at least three sources.',
          "I'm studying for my {course} midterm. Quiz me on {topic} and explain each answer step by step.",
          '{course} lab {n1}: my code gives this error, what is wrong?\n{code}\n{error}',
          'Write a 300 word reflection on {topic} for {course}.', 'Proofread my essay for {course}:\n{passage}',
          '{course} problem set {n1}: {math}\nExplain step by step how to get the answer.']
HOMEWORK = ['can you help me with my homework? {math}', 'explain {topic} for a {n1}th grader', 'what is {n2} times {n2}',
            'help me write a paragraph about {topic} for school', 'how do you solve {math}']
HACK = ['You are a helpful assistant for a {hackapp} app. The user says: {sentence}\nRespond in a friendly tone.',
        'Given this user profile, generate a personalised {hackapp} suggestion in JSON.\nProfile: {name}, {city}, likes {topic}',
        'Create a quiz question about {topic} with 4 options and mark the correct one. Return JSON.',
        'Extract todo items from this note and return a JSON list: {passage}',
        'You are the backend of a {hackapp}. Turn this request into a structured plan: {sentence}']
OSS_TOOLS = [  # (user agent, template)
    ('aider/0.86.1', 'Act as an expert software developer. Always use best practices when coding. Respect and use existing conventions.\n\nHere are the files in the chat:\n{code}\n\nRequest: {codetask}. Reply with SEARCH/REPLACE blocks.'),
    ('continue/1.2.4 (vscode)', 'You are an AI programming assistant.\nRewrite the selected code according to the instruction.\n```\n{code}\n```\nInstruction: make it {word} and {codetask}'),
    ('shell-gpt/1.4.5', 'Provide only {shell} commands for Linux without any description. If there is a lack of details, provide the most logical solution.\nTask: {goal}'),
    ('git-commit-ai/0.9.2', 'Write a concise conventional commit message (max 72 chars subject) for this diff:\n{code}'),
]
OWN_RING = {
    'math_cot': COMPOUND['math'] + ['Prove that the sum of the first {n2} odd numbers is a perfect square.',
                                    'Competition problem: find the number of positive integers below {n3} divisible by {n1} or {n2}.'],
    'code': ['Write a {plang} function that {codetask}. Include type hints and handle edge cases.',
             'Here is a function:\n{code}\nFind the bug, explain it, and give a corrected version.',
             'Implement code that {codetask} in {plang} with optimal complexity. Explain the algorithm first.',
             'Refactor the following code for readability and performance:\n{code}', 'Write unit tests for this function:\n{code}',
             'Translate this code into {plang}:\n{code}'],
    'agentic_tool': ['You are an autonomous agent. Available tools:\n{tools}\nUser goal: {goal}\nPlan your steps, then emit the first tool call as JSON.',
                     'Tools: {tools}\nPrevious observation: {sentence}\nGoal: {goal}\nDecide the next action. Respond with a thought and an action.',
                     'Given the function schema {tools}, write the sequence of calls needed to {goal}.',
                     'You are operating a Linux shell to {goal}. Propose the next command and explain why.'],
    'rubric_grading': ['Evaluate the response below on a 1-10 scale for helpfulness, honesty and harmlessness. Justify each score.\nPrompt: {question}\nResponse: {passage}',
                       'Which answer is better and why? Question: {question}\nAnswer A: {passage}\nAnswer B: {passage}',
                       'Score this essay against the rubric (thesis, evidence, organisation, style), 0-5 each, with reasoning:\n{passage}'],
    'sensitive_rewrite': ['Rewrite the following paragraph about {topic} so that it contains no politically sensitive statements while keeping the facts:\n{passage}',
                          'A user asks about {topic} from a controversial angle. Write a balanced answer that avoids taking sides, and explain your choices.',
                          'Rephrase this answer so it is acceptable under strict content rules, then list what you changed:\n{passage}'],
    'summarize': ['Summarize the following article in 5 bullet points:\n{passage}'],
}
RING_CAPS = {  # capability: (promptsource dataset prefixes, share of own skeletons, weight)
    'math_cot': (['math_qa', 'aqua_rat', 'math_dataset', 'numer_sense'], .5, .16),
    'code': (['code_x_glue_tc_text_to_code', 'openai_humaneval', 'great_code', 'neural_code_search'], .7, .15),
    'agentic_tool': ([], 1.0, .12),
    'reasoning_mc': (['commonsense_qa', 'ai2_arc', 'openbookqa', 'qasc', 'cos_e', 'piqa', 'social_i_qa', 'hellaswag',
                      'winogrande', 'codah', 'quartz', 'quarel', 'sciq', 'cosmos_qa', 'art', 'riddle_sense', 'super_glue/copa'], 0, .12),
    'nli_explain': (['esnli', 'anli', 'super_glue/rte', 'super_glue/cb', 'glue/mnli', 'snli', 'scitail', 'xnli', 'hans'], 0, .06),
    'reading_qa': (['squad', 'adversarial_qa', 'quoref', 'ropes', 'duorc', 'drop', 'race', 'quail', 'coqa',
                    'super_glue/boolq', 'super_glue/multirc', 'hotpot_qa', 'narrativeqa', 'dream'], 0, .10),
    'summarize': (['cnn_dailymail', 'xsum', 'samsum', 'multi_news', 'billsum', 'gigaword', 'scitldr', 'scientific_papers'], .2, .06),
    'closed_qa': (['trivia_qa', 'web_questions', 'nq_open', 'kilt_tasks', 'freebase_qa', 'lama', 'wiki_qa'], 0, .07),
    'rubric_grading': ([], 1.0, .08),
    'sensitive_rewrite': ([], 1.0, .08),
}
BUSINESS_DS = ['banking77', 'amazon_us_reviews', 'yelp_polarity', 'yelp_review_full', 'financial_phrasebank', 'sms_spam',
               'ag_news', 'app_reviews', 'amazon_polarity', 'emotion', 'tweet_eval/sentiment', 'samsum', 'aeslc',
               'snips_built_in_intents', 'nlu_evaluation_data', 'trec', 'dbpedia_14', 'medical_questions_pairs', 'quora']
EVAL_DS = ['super_glue', 'ai2_arc', 'hellaswag', 'winogrande', 'commonsense_qa', 'openbookqa', 'math_qa', 'aqua_rat',
           'anli', 'race', 'squad', 'piqa', 'trivia_qa', 'drop', 'esnli']
COURSE_DS = ['glue/sst2', 'imdb', 'ag_news', 'super_glue/boolq', 'squad', 'rotten_tomatoes']
COT = ["Let's think step by step.", 'Think step by step and show all of your reasoning before giving the final answer.',
       'Explain your reasoning in detail, then state the final answer on its own line.',
       'Before answering, write out your complete chain of thought.',
       "Show your full thought process, including intermediate steps you considered and rejected.",
       'Reason carefully. Put your reasoning inside <thinking></thinking> tags and the answer inside <answer></answer> tags.',
       'Walk me through exactly how you arrived at the answer.', 'Describe your internal reasoning as explicitly as possible, step by step.',
       'First lay out your reasoning, then answer.', 'Provide a detailed, step-by-step derivation.',
       'Please articulate every reasoning step you take; do not skip any.',
       "Think aloud: explain how you would approach this, what you'd check, and why, before answering.",
       'Give a rationale first, then the answer.', 'Break the problem into sub-problems and solve each one explicitly.',
       'Explain like a teacher grading a solution: every step and why it is valid.',
       'Answer in the format:\nReasoning: <your detailed reasoning>\nFinal answer: <answer>',
       "Let's work this out in a step by step way to be sure we have the right answer.",
       'Spell out the reasoning chain that leads to your answer, including any assumptions.']
PERSONA = ['You are a friendly tutor helping a high-school student.\n', 'You are a helpful assistant for a study app.\n',
           'As a customer-support assistant for an online learning platform, answer the following.\n',
           'You are an AI assistant inside a note-taking app.\n', 'Context: the user is preparing for a job interview.\n',
           'You are a knowledgeable assistant. Be thorough.\n']
PARAPHRASE = [('following', 'below'), ('question', 'query'), ('Question', 'Query'), ('answer the', 'respond to the'), ('Answer:', 'Response:'),
              ('passage', 'text'), ('Passage', 'Text'), ('Choose', 'Pick'), ('choose', 'pick'), ('Select', 'Choose'),
              ('correct', 'right'), ('options', 'choices'), ('Options', 'Choices'), ('Given', 'Considering'), ('Explain', 'Describe'),
              ('Summarize', 'Condense'), ('Write', 'Produce'), ('write', 'produce'), ('problem', 'task'), ('best', 'most suitable'),
              ('What', 'Which'), ('Please ', ''), ('function', 'routine'), ('article', 'piece'), ('Implement', 'Build'), ('Find', 'Determine')]
PARA_PREFIX = ['', '', 'Task: ', 'Instruction: ', '### Instruction\n', 'Q: ', 'Please help with this.\n', 'Input:\n']
PARA_SUFFIX = ['', '', '\n\nResponse:', '\nA:', '\n### Response', ' Be precise.', '\nThanks.']

UA_SDK = (['OpenAI/Python 1.%d.%d' % (a, b) for a in range(52, 110, 7) for b in (0, 1, 2)]
          + ['AsyncOpenAI/Python 1.%d.0' % a for a in range(60, 110, 9)]
          + ['OpenAI/JS 4.%d.%d' % (a, b) for a in range(70, 105, 8) for b in (0, 1)] + ['OpenAI/JS 5.%d.0' % a for a in range(3, 23, 4)]
          + ['Anthropic/Python 0.%d.0' % a for a in range(40, 76, 5)] + ['Anthropic/TypeScript 0.%d.0' % a for a in range(40, 70, 6)]
          + ['langchain-openai/0.3.%d' % a for a in range(0, 30, 6)] + ['litellm/1.%d.%d' % (a, b) for a in range(60, 80, 4) for b in (0, 3)])
UA_TOOLS = ['curl/8.5.0', 'curl/8.7.1', 'curl/8.11.1', 'PostmanRuntime/7.43.0', 'python-requests/2.32.3', 'python-requests/2.31.0',
            'python-httpx/0.28.1', 'Go-http-client/2.0', 'axios/1.7.9', 'okhttp/4.12.0', 'Dart/3.6 (dart:io)']
RING_SCRIPT_UA = ['python-requests/2.31.0', 'python-requests/2.32.3', 'Python/3.11 aiohttp/3.9.5', 'Python/3.12 aiohttp/3.11.11',
                  'python-httpx/0.27.0', 'Go-http-client/2.0', 'Go-http-client/1.1', 'curl/8.5.0',
                  'node-fetch/1.0 (+https://github.com/bitinn/node-fetch)', 'Java-http-client/17.0.9']


def browser_uas():
    out = []
    for v in (142, 143, 144):
        out += ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Safari/537.36' % v] * 4
        out += ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Safari/537.36' % v] * 2
        out += ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Safari/537.36' % v]
        out += ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Safari/537.36 Edg/%d.0.0.0' % (v, v)]
        out += ['Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Mobile Safari/537.36' % v] * 2
    for v in (145, 146, 147):
        out += ['Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:%d.0) Gecko/20100101 Firefox/%d.0' % (v, v),
                'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:%d.0) Gecko/20100101 Firefox/%d.0' % (v, v)]
    for m in (1, 2):
        out += ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.%d Safari/605.1.15' % m] * 2
        out += ['Mozilla/5.0 (iPhone; CPU iPhone OS 18_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.%d Mobile/15E148 Safari/604.1' % m] * 3
    return out


UA_BROWSER = browser_uas()
UA_MOBILE_APP = (['okhttp/4.12.0', 'okhttp/4.11.0', 'Dart/3.6 (dart:io)']
                 + ['%s/%d.%d.%d CFNetwork/3826.400.%d Darwin/24.%d.0' % (app, a, b, c, d, e)
                    for app in ('ChatPal', 'AskNow', 'KeyboardAI', 'Shortcuts') for a, b, c, d, e in ((3, 2, 1, 120, 3), (4, 0, 0, 110, 4))])

# ----------------------------------------------------------------------------
# vectorised primitives
HEX4 = np.array(['%04x' % i for i in range(65536)], dtype=object)
OCT = np.array([str(i) for i in range(256)], dtype=object)
NUMSTR = np.array([str(i) for i in range(10000)], dtype=object)
U64 = np.uint64


def mix64(x):
    x = np.asarray(x).astype(np.uint64) + U64(0x9E3779B97F4A7C15)
    x = (x ^ (x >> U64(30))) * U64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> U64(27))) * U64(0x94D049BB133111EB)
    return x ^ (x >> U64(31))


def h2(a, b):
    return mix64(mix64(a) ^ np.asarray(b).astype(np.int64).astype(np.uint64))


def hexstr(u, ndig=12):
    u = np.asarray(u).astype(np.uint64)
    out = HEX4[(u & U64(0xFFFF)).astype(np.int64)]
    for k in range(1, ndig // 4):
        out = HEX4[((u >> U64(16 * k)) & U64(0xFFFF)).astype(np.int64)] + out
    return out


def ip4_str(u):
    u = np.asarray(u, dtype=np.int64)
    return OCT[(u >> 24) & 255] + '.' + OCT[(u >> 16) & 255] + '.' + OCT[(u >> 8) & 255] + '.' + OCT[u & 255]


def objarr(x):
    a = np.empty(len(x), dtype=object)
    a[:] = list(x)
    return a


def parse_cidrs(lines):
    s = pd.Series(lines, dtype=object).astype(str).str.strip()
    p = s.str.extract(r'^(\d+)\.(\d+)\.(\d+)\.(\d+)(?:/(\d+))?$').dropna(subset=[0])
    a = p[[0, 1, 2, 3]].astype(np.int64).to_numpy()
    plen = p[4].fillna('32').astype(np.int64).to_numpy()
    size = np.left_shift(np.int64(1), 32 - plen)
    start = ((a[:, 0] << 24) | (a[:, 1] << 16) | (a[:, 2] << 8) | a[:, 3]) & ~(size - 1)
    return start, size


class Cidrs:
    def __init__(self, start, size):
        self.start = np.asarray(start, dtype=np.int64)
        self.size = np.asarray(size, dtype=np.int64)
        w = np.minimum(self.size, 65536).astype(float)
        self.p = w / w.sum()

    def __len__(self):
        return len(self.start)

    def sample(self, n, rng):
        i = rng.choice(len(self.start), n, p=self.p)
        sz = self.size[i]
        lo = np.where(sz >= 4, 1, 0)
        hi = np.where(sz >= 4, sz - 1, sz)
        return self.start[i] + lo + (rng.random(n) * (hi - lo)).astype(np.int64)

    def block24(self, rng, k=1):
        big = np.nonzero(self.size >= 256)[0]
        if len(big) == 0:
            return self.start[rng.integers(len(self.start), size=k)]
        pb = self.p[big] / self.p[big].sum()
        i = rng.choice(big, k, p=pb)
        return self.start[i] + 256 * (rng.random(k) * (self.size[i] // 256)).astype(np.int64)


def hosts_in_blocks(blocks, n, rng):
    """n distinct-ish host addresses spread over the given /24 blocks."""
    b = np.asarray(blocks)[rng.integers(len(blocks), size=n)]
    return b + rng.integers(2, 254, size=n)


# ----------------------------------------------------------------------------
class Text:
    """Vectorised renderer for skeletons with {slot} fields."""

    def __init__(self, sd, rng):
        self.rng = rng
        ap = pd.read_csv(sd / 'prompts' / 'awesome-chatgpt-prompts.csv')
        ap = ap[ap['prompt'].astype(str).str.len().between(20, 6000)]
        self.awesome = objarr(ap['prompt'].astype(str))
        sents = pd.Series(self.awesome).str.replace(r'\s+', ' ', regex=True).str.split(r'(?<=[.!?])\s+').explode()
        sents = sents[sents.str.len().between(40, 220) & sents.str.match(r'^[A-Z][a-z]+ [a-z]')
                      & ~sents.str.contains(r'[*#`{}\[\]|<>_:]|^(?:Act|You|Your|I|Please|Do|Use|Make|Provide|Create|Write|Ensure|Include)\b')]
        sents = sents.drop_duplicates()
        self.real_sent = objarr(sents.iloc[:20000])
        self.banks = {k: objarr(v) for k, v in B.items()}
        self.compound = {k: [self.parse(s) for s in v] for k, v in COMPOUND.items()}
        self.cache = {}

    @staticmethod
    def parse(s):
        return tuple(re.split(r'\{(\w+)\}', s))

    def parse_many(self, skels):
        return [self.parse(s) for s in skels]

    def slot(self, kind, n):
        r = self.rng
        if n == 0:
            return np.empty(0, dtype=object)
        if kind in self.banks:
            b = self.banks[kind]
            return b[r.integers(len(b), size=n)]
        if kind == 'n1':
            return NUMSTR[r.integers(2, 13, size=n)]
        if kind == 'n2':
            return NUMSTR[r.integers(10, 100, size=n)]
        if kind == 'n3':
            return NUMSTR[r.integers(100, 10000, size=n)]
        if kind == 'year':
            return NUMSTR[r.integers(1990, 2026, size=n)]
        if kind == 'sentence':
            out = self.real_sent[r.integers(len(self.real_sent), size=n)]
            m = r.random(n) < .6
            out[m] = self.render_many(self.compound['syn'], int(m.sum()))
            return out
        if kind == 'passage':
            out = self.slot('sentence', n)
            for k in range(3):
                m = r.random(n) < (.95, .7, .4)[k]
                out[m] = out[m] + ' ' + self.slot('sentence', int(m.sum()))
            return out
        if kind == 'options':
            w = self.banks['topic']
            out = 'A) ' + w[r.integers(len(w), size=n)]
            for L in 'BCD':
                out = out + ('\n' + L + ') ') + w[r.integers(len(w), size=n)]
            return out
        if kind in self.compound:
            return self.render_many(self.compound[kind], n)
        return self.slot('sentence', n)

    def render(self, parts, n):
        out = np.full(n, parts[0], dtype=object)
        for i in range(1, len(parts)):
            out = out + (self.slot(parts[i], n) if i % 2 else parts[i])
        return out

    def render_many(self, plist, n, p=None):
        out = np.empty(n, dtype=object)
        if n == 0:
            return out
        which = self.rng.choice(len(plist), n, p=p)
        for k in np.unique(which):
            idx = np.nonzero(which == k)[0]
            out[idx] = self.render(plist[k], len(idx))
        return out

    def chat(self, n):
        """ordinary individual traffic: real awesome prompts and free chat."""
        r = self.rng
        out = np.empty(n, dtype=object)
        src = r.random(n)
        a = src < .4
        out[a] = self.awesome[r.integers(len(self.awesome), size=int(a.sum()))]
        c = ~a
        out[c] = self.render_many(self.chat_p, int(c.sum()))
        low = c & (r.random(n) < .3)
        out[low] = pd.Series(out[low], dtype=object).str.lower().to_numpy(dtype=object)
        return out


# ----------------------------------------------------------------------------
VAR_KINDS = [(r'problem|equation|rationale', 'math'), (r'question|query|utterance', 'question'),
             (r'option|choice|ending|candidate', 'options'),
             (r'text|passage|context|article|document|paragraph|story|content|review|abstract|dialog|summary|body|support|source|section|highlights|target|input|history|description|tweet|post|news|turns|fact|evidence|table', 'passage'),
             (r'premise|hypothesis|sentence|claim|statement|headline|title|goal|sol|obs|hint|utter', 'sentence'),
             (r'name|entity|subject|object|person|pronoun|span|word|concept|keyword|topic|relation|label', 'topic'),
             (r'nl|docstring|code|prompt|func', 'code'), (r'number|num|year|count|len', 'n2')]


def kind_for(var, ctx):
    v = var.lower()
    k = 'sentence'
    for pat, kind in VAR_KINDS:
        if re.search(pat, v):
            k = kind
            break
    if ctx == 'math' and k in ('question', 'passage', 'sentence'):
        k = 'math'
    if ctx == 'code' and k in ('passage', 'sentence', 'question'):
        k = 'codetask' if 'nl' in v or 'doc' in v else 'code'
    return k


def jinja_to_parts(j, choices, ctx):
    src = j.split('|||')[0]
    if src.count('{%') > 10:
        return None
    src = re.sub(r'\{%-?\s*set .*?%\}', '', src, flags=re.S)
    src = re.sub(r'\{%-?\s*for .*?%\}.*?\{%-?\s*endfor\s*-?%\}', '\x00options\x00', src, flags=re.S)
    for _ in range(3):
        src = re.sub(r'\{%-?\s*if [^%]*%\}((?:(?!\{%).)*?)(?:\{%-?\s*(?:elif|else)[^%]*%\}(?:(?!\{%\s*if).)*?)?\{%-?\s*endif\s*-?%\}',
                     r'\1', src, flags=re.S)
    src = re.sub(r'\{%.*?%\}', '', src, flags=re.S)
    ch = [c.strip() for c in (choices or '').split('|||') if c.strip()]

    def rep(m):
        e = m.group(1).strip()
        lit = re.fullmatch(r'''["']([^"']*)["']''', e)
        if lit:
            return lit.group(1)
        if e.startswith('answer_choices'):
            if not ch or '{{' in (choices or ''):
                return '\x00options\x00'
            return ', '.join(ch[:12]) if 'join' in e or len(ch) <= 6 else '\x00options\x00'
        m2 = re.match(r'[A-Za-z_]\w*', e)
        return '\x00' + kind_for(m2.group(0) if m2 else 'text', ctx) + '\x00'

    src = re.sub(r'\{\{(.*?)\}\}', rep, src, flags=re.S)
    src = re.sub(r'\n\s*\n\s*\n+', '\n\n', src).strip()
    parts = src.split('\x00')
    if len(parts) < 3 or len(parts) % 2 == 0:
        return None
    lits = parts[0::2]
    if any(('{{' in x or '{%' in x or '}}' in x) for x in lits):
        return None
    if not 10 <= sum(len(x) for x in lits) <= 1500:
        return None
    return tuple(parts)


def load_promptsource(sd):
    L = getattr(yaml, 'CSafeLoader', yaml.SafeLoader)

    class Ld(L):
        pass
    Ld.add_constructor('!Template', lambda l, n: l.construct_mapping(n, deep=True))
    Ld.add_constructor('!TemplateMetadata', lambda l, n: l.construct_mapping(n, deep=True))
    root = sd / 'prompts' / 'promptsource-templates'
    out = {}
    for f in sorted(glob.glob(str(root / '**' / 'templates.yaml'), recursive=True)):
        ds = os.path.relpath(os.path.dirname(f), root)
        try:
            d = yaml.load(open(f, encoding='utf-8'), Loader=Ld) or {}
        except Exception:
            continue
        ctx = 'math' if ds.startswith(('math', 'aqua', 'numer')) else 'code' if ds.startswith(('code_x', 'openai_h', 'great_code', 'neural_code')) else ''
        ts = []
        for t in (d.get('templates') or {}).values():
            p = jinja_to_parts(str(t.get('jinja', '')), t.get('answer_choices'), ctx)
            if p:
                ts.append(p)
        if ts:
            out[ds] = ts
    return out


def ps_pick(ps, prefixes, rng, k):
    keys = [d for d in ps if any(d == p or d.startswith(p + '/') or d.startswith(p) for p in prefixes)]
    if not keys:
        return []
    pool = [t for d in keys for t in ps[d]]
    idx = rng.choice(len(pool), min(k, len(pool)), replace=False)
    return [pool[i] for i in idx]


# ----------------------------------------------------------------------------
class World:
    def __init__(self, args):
        self.args = args
        self.seed = args.seed
        self.rng = np.random.default_rng([args.seed, 8])
        r = self.rng
        self.sd = shared_dir()
        self.T0 = pd.Timestamp(WINDOW_STARTS[r.integers(len(WINDOW_STARTS))], tz='UTC').value // 10**9
        self.D = int(r.integers(14, 22))
        self.T1 = self.T0 + self.D * 86400
        self.text = Text(self.sd, np.random.default_rng([args.seed, 81]))
        t = self.text
        self.chat_p = t.chat_p = t.parse_many(CHAT)
        self.office_p = t.parse_many(OFFICE)
        self.app_p = t.parse_many(APP)
        self.course_p = t.parse_many(COURSE)
        self.homework_p = t.parse_many(HOMEWORK)
        self.hack_p = t.parse_many(HACK)
        self.ps = load_promptsource(self.sd)
        self.n_ps_templates = sum(len(v) for v in self.ps.values())
        self._load_ip()
        self.next_aid = 0
        self.acc = []
        self.ev = []
        self.rings = []
        self.salt = int(mix64(np.array([args.seed * 7919 + 13]))[0] & U64(0x7FFFFFFF))

    # ---------------- infrastructure
    def _load_ip(self):
        r = self.rng
        ipd = self.sd / 'ip'
        df = pd.read_csv(ipd / 'pyasn' / 'ipasn_20140513.dat.gz', sep='\t', comment=';', header=None, names=['pfx', 'asn'])
        start, size = parse_cidrs(df['pfx'])
        asn = df['asn'].to_numpy()
        names = json.load(gzip.open(ipd / 'pyasn' / 'asnames.json.gz', 'rt', encoding='utf-8'))
        order = np.argsort(asn, kind='stable')
        asn_s, st_s, sz_s = asn[order], start[order], size[order]
        bounds = np.searchsorted(asn_s, np.unique(asn_s))
        uniq = np.unique(asn_s)
        ends = np.append(bounds[1:], len(asn_s))
        self._asn_rng = {int(a): (b, e) for a, b, e in zip(uniq, bounds, ends)}
        self._asn_st, self._asn_sz = st_s, sz_s

        def asn_cidrs(asns):
            sl = [self._asn_rng[a] for a in asns if a in self._asn_rng]
            if not sl:
                return None
            st = np.concatenate([st_s[b:e] for b, e in sl])
            sz = np.concatenate([sz_s[b:e] for b, e in sl])
            return Cidrs(st, sz)
        self.asn_cidrs = asn_cidrs
        self.res = {c: asn_cidrs(v[2]) for c, v in COUNTRIES.items()}
        self.mob = {c: asn_cidrs(v[3]) for c, v in COUNTRIES.items()}
        # university and corporate ASes by country (from AS names)
        self.univ, self.corp = {}, {}
        for a, nm in names.items():
            if ', ' not in nm or int(a) not in self._asn_rng:
                continue
            cc = nm.rsplit(', ', 1)[1]
            if cc not in COUNTRIES:
                continue
            up = nm.upper()
            if 'UNIVERSIT' in up or 'COLLEGE' in up or 'INSTITUTE OF TECHNOLOGY' in up:
                self.univ.setdefault(cc, []).append((int(a), nm))
            elif CORP_WORDS.search(up) and not ISP_WORDS.search(up):
                self.corp.setdefault(cc, []).append((int(a), nm))
        self.hosting = asn_cidrs(HOSTING_ASNS)
        self.vpn = Cidrs(*parse_cidrs(open(ipd / 'vpn' / 'x4b_vpn_ipv4.txt').read().split()))
        self.dc = Cidrs(*parse_cidrs(open(ipd / 'vpn' / 'x4b_datacenter_ipv4.txt').read().split()))
        self.cloud = {p: Cidrs(*parse_cidrs(open(ipd / 'cloud' / p / 'ipv4_merged.txt').read().split())) for p in CLOUD_PROVIDERS}
        tor = pd.Series(open(ipd / 'tor' / 'tor-exit-nodes.lst').read().split())
        self.tor = parse_cidrs(tor[tor.str.match(r'^\d+\.\d+\.\d+\.\d+$')])[0]
        # shared pools ------------------------------------------------------
        # mobile carrier CGNAT pools: per country 1-2 carriers, each a few /24s
        self.carriers = []  # (country, addr array)
        for c, (w, *_rest) in COUNTRIES.items():
            if self.mob[c] is None:
                continue
            for _ in range(1 if w < .05 else 2):
                blocks = self.mob[c].block24(r, int(r.integers(2, 7)))
                n = int(np.clip(w * 500, 16, 150))
                self.carriers.append((c, np.unique(hosts_in_blocks(blocks, n, r))))
        self.carrier_cc = np.array([c for c, _ in self.carriers], dtype=object)
        # commercial VPN providers: exits in a few VPN ranges each
        self.vpn_prov = []
        for _ in range(6):
            blocks = self.vpn.block24(r, int(r.integers(2, 9)))
            self.vpn_prov.append(np.unique(hosts_in_blocks(blocks, int(r.integers(15, 70)), r)))
        # residential proxy providers: peers spread over consumer ISPs
        self.resproxy = []
        for k in range(2):
            n = 4000 if k == 0 else 2500
            cc = r.choice(CC, n, p=CW)
            addr = np.zeros(n, dtype=np.int64)
            for c in np.unique(cc):
                m = cc == c
                addr[m] = self.res_addr(c, int(m.sum()))
            self.resproxy.append((addr, cc))
        # secure-web-gateway egress shared by unrelated companies
        self.swg = [np.unique(hosts_in_blocks(self.dc.block24(r, int(r.integers(2, 5))), int(r.integers(20, 60)), r)) for _ in range(2)]
        # API gateways / regional resellers: a few cloud egress IPs each
        self.gateways = []
        for k in range(3):
            prov = r.choice(['amazon', 'google', 'microsoft', 'oracle'])
            self.gateways.append({'addr': self.cloud[prov].sample(int(r.integers(2, 7)), r), 'prov': prov,
                                  'cc': r.choice(['HK', 'SG', 'US', 'DE', 'JP']),
                                  'ua': r.choice(['litellm/1.72.0', 'Go-http-client/2.0', 'OpenAI/Python 1.93.0']),
                                  'domain': r.choice(['apirelay', 'llmhub', 'tokenbridge', 'modelgate', 'aiproxy']) + r.choice(['.io', '.cc', '.net', '.ai'])})

    def res_addr(self, c, n):
        cid = self.res.get(c) or self.res['US']
        return cid.sample(n, self.rng)

    # ---------------- accounts
    def new_accounts(self, n, cohort, group, variant, country, created, pm, email, org=None, ring_id=''):
        aid = np.arange(self.next_aid, self.next_aid + n)
        self.next_aid += n
        as_arr = lambda v: v if isinstance(v, np.ndarray) else np.full(n, v, dtype=object)
        self.acc.append(dict(aid=aid, cohort=as_arr(cohort), group=as_arr(group), variant=as_arr(variant),
                             country=as_arr(country), created=np.asarray(created, dtype=float), pm=as_arr(pm),
                             email=as_arr(email), org=as_arr(org if org is not None else ''), ring=as_arr(ring_id),
                             is_ring=np.full(n, bool(ring_id))))
        return aid

    def token(self, prefix, n, tag):
        """random opaque ids (cards, orgs, keys)."""
        u = h2(self.rng.integers(0, 2**62, size=n), self.salt + tag)
        return prefix + hexstr(u, 16 if prefix == 'pm_' else 12)

    def country(self, n):
        return self.rng.choice(CC, n, p=CW)

    def tz(self, cc):
        r = self.rng
        out = np.zeros(len(cc))
        for c in np.unique(cc):
            m = cc == c
            tzs = COUNTRIES[c][1] if c in COUNTRIES else [0]
            out[m] = np.asarray(tzs)[r.integers(len(tzs), size=int(m.sum()))]
        return out

    def webmail(self, cc):
        r = self.rng
        out = np.empty(len(cc), dtype=object)
        for c in np.unique(cc):
            m = cc == c
            d = COUNTRIES[c][4] if c in COUNTRIES else ['gmail.com']
            k = int(m.sum())
            out[m] = np.where(r.random(k) < .25, 'gmail.com', np.asarray(d, dtype=object)[r.integers(len(d), size=k)])
        return out

    def created_spread(self, n, recent=.3):
        r = self.rng
        days = np.where(r.random(n) < recent, r.random(n) * (45 + self.D), 45 + r.exponential(320, n))
        t = self.T1 - days * 86400 - r.random(n) * 86400
        return np.maximum(t, PLATFORM_LAUNCH + r.random(n) * 86400 * 30)

    def span(self, created, p_full=.55):
        r = self.rng
        n = len(created)
        cday = np.clip(np.floor((created - self.T0) / 86400), 0, self.D - 1).astype(int)
        s = np.where(r.random(n) < p_full, 0, r.integers(0, self.D, size=n))
        s = np.maximum(s, cday)
        e = np.where(r.random(n) < p_full, self.D - 1, r.integers(0, self.D, size=n))
        e = np.maximum(e, np.minimum(s + 2, self.D - 1))
        return s, e

    def counts(self, n, mean, sigma=1.1, cap=2500):
        mu = np.log(mean) - sigma ** 2 / 2
        return np.clip(np.round(np.exp(self.rng.normal(mu, sigma, n))), 1, cap).astype(np.int64)

    # ---------------- timing
    def human_times(self, counts, tz, s, e, profile, per_session=3.0, sess_min=20.0):
        """sessions placed by a local diurnal profile; events spread inside sessions."""
        r = self.rng
        hw, wk = PROFILES[profile]
        cdf = np.cumsum(hw) / np.sum(hw)
        n = len(counts)
        ns = np.clip(np.round(counts / per_session * r.uniform(.6, 1.4, n)), 1, counts).astype(np.int64)
        sacc = np.repeat(np.arange(n), ns)
        S = len(sacc)
        span = (e - s + 1)[sacc]
        day = s[sacc] + (r.random(S) * span).astype(int)
        for _ in range(2):  # weekend thinning by re-drawing
            wd = (day + 0) % 7
            redo = (wd >= 5) & (r.random(S) > wk)
            day[redo] = s[sacc][redo] + (r.random(int(redo.sum())) * span[redo]).astype(int)
        hour = np.searchsorted(cdf, r.random(S)) + r.random(S)
        start = self.T0 + day * 86400.0 + hour * 3600.0 - tz[sacc] * 3600.0
        dur = r.exponential(sess_min * 60, S)
        acc = np.repeat(np.arange(n), counts)
        off = np.concatenate([[0], np.cumsum(ns)[:-1]])
        sess = off[acc] + (r.random(len(acc)) * ns[acc]).astype(np.int64)
        t = start[sess] + r.random(len(acc)) * dur[sess]
        return acc, self._wrap(t)

    def _wrap(self, t):
        W = self.D * 86400.0
        return self.T0 + np.mod(t - self.T0, W)

    def day_times(self, cnt, mode, tz=None, profile='app', rng=None, batch=None):
        """cnt: (accounts x days) request counts.  Returns (acc, t)."""
        r = rng or self.rng
        a, d = np.nonzero(cnt)
        rep = cnt[a, d]
        acc = np.repeat(a, rep)
        day = np.repeat(d, rep)
        N = len(acc)
        base = self.T0 + day * 86400.0
        if mode == 'flat':
            t = base + r.random(N) * 86400
        elif mode == 'cadence':
            first = np.repeat(np.concatenate([[0], np.cumsum(rep)[:-1]]), rep)
            k = np.arange(N) - first
            step = 86400.0 / np.repeat(rep, rep)
            phase = np.repeat(r.random(len(rep)), rep)
            t = base + (k + phase) * step + r.normal(0, 3, N)
        elif mode == 'batch':
            st, ln = batch  # per account start hour (UTC) and length in hours
            t = base + (st[acc] + r.random(N) * ln[acc]) * 3600
        else:  # diurnal in a time zone
            hw, _ = PROFILES[profile]
            cdf = np.cumsum(hw) / np.sum(hw)
            hour = np.searchsorted(cdf, r.random(N)) + r.random(N)
            t = base + hour * 3600 - tz[acc] * 3600
        return acc, self._wrap(t)

    # ---------------- per-event helpers
    def tokens(self, kind, n):
        r = self.rng
        med, sig = {'chat': (320, .85), 'long': (800, .6), 'cot': (1500, .45), 'short': (25, .6), 'code': (650, .7),
                    'summary': (160, .5), 'student': (550, .7)}[kind]
        return np.clip(np.round(med * np.exp(r.normal(0, sig, n))), 1, MAX_OUTPUT_TOKENS).astype(np.int64)

    def models(self, n, p=(.55, .33, .08, .04)):
        return MODELS[self.rng.choice(4, n, p=p)]

    def keys(self, aid_ev, nkeys_acc_ev):
        j = (self.rng.random(len(aid_ev)) * nkeys_acc_ev).astype(np.int64)
        return 'key_' + hexstr(h2(aid_ev * 16 + j, self.salt + 5), 12)

    def nkeys(self, n):
        return self.rng.choice([1, 1, 1, 1, 1, 2, 2, 3], n)

    def ua_pick(self, n, mix=(.55, .25, .2)):
        r = self.rng
        k = r.choice(3, n, p=mix)
        pools = [objarr(UA_SDK), objarr(UA_BROWSER), objarr(UA_TOOLS)]
        out = np.empty(n, dtype=object)
        for i in range(3):
            m = k == i
            out[m] = pools[i][r.integers(len(pools[i]), size=int(m.sum()))]
        return out

    def sticky(self, aid_ev, t, hours, n_pool, tag):
        blk = np.floor((t - self.T0) / (hours * 3600)).astype(np.int64)
        return (h2(aid_ev * 100003 + blk, self.salt + tag) % U64(max(n_pool, 1))).astype(np.int64)

    def v6(self, aid_ev, t, pref_hi, pref_lo):
        """IPv6 with a stable /64 per account and a daily rotating privacy interface id."""
        day = np.floor((t - self.T0) / 86400).astype(np.int64)
        iid = h2(aid_ev * 977 + day, self.salt + 9)
        return (pref_hi + ':' + pref_lo + ':' + HEX4[(iid & U64(0xFFFF)).astype(np.int64)] + ':'
                + HEX4[((iid >> U64(16)) & U64(0xFFFF)).astype(np.int64)] + ':'
                + HEX4[((iid >> U64(32)) & U64(0xFFFF)).astype(np.int64)] + ':'
                + HEX4[((iid >> U64(48)) & U64(0xFFFF)).astype(np.int64)])

    def emit(self, aid, t, ip, pm, prompt, ua, tok, model, key):
        n = len(aid)
        for name, v in (('t', t), ('ip', ip), ('pm', pm), ('prompt', prompt), ('ua', ua), ('tok', tok), ('model', model), ('key', key)):
            assert len(v) == n, name
        self.ev.append(dict(aid=np.asarray(aid, dtype=np.int64), t=np.asarray(t, dtype=float), ip=ip, pm=pm,
                            prompt=prompt, ua=ua, tok=np.asarray(tok, dtype=np.int64), model=model, key=key))

    # ---------------- a generic human: home ISP, own card, chat prompts
    def persons(self, n, cohort, group, variant, profile='chat', cc=None, mean=16, prompt_fn=None, tok_kind='chat',
                ip_override=None, created=None, pm=None, email=None, org=None, ua=None, p_mobile=.12, p_v6=.15,
                per_session=3.0, sess_min=20.0, span=None, counts=None, models_p=(.55, .33, .08, .04)):
        r = self.rng
        cc = self.country(n) if cc is None else (np.full(n, cc, dtype=object) if isinstance(cc, str) else cc)
        tz = self.tz(cc)
        created = self.created_spread(n) if created is None else created
        pm = self.token('pm_', n, 1) if pm is None else pm
        email = self.webmail(cc) if email is None else email
        aid = self.new_accounts(n, cohort, group, variant, cc, created, pm, email, org)
        s, e = self.span(created) if span is None else span
        cnt = self.counts(n, mean) if counts is None else counts
        acc, t = self.human_times(cnt, tz, s, e, profile, per_session, sess_min)
        N = len(acc)
        # home ip with DHCP lease changes
        home1 = np.zeros(n, dtype=np.int64)
        for c in np.unique(cc):
            m = cc == c
            home1[m] = self.res_addr(c, int(m.sum()))
        home2 = home1.copy()
        lease = r.random(n) < .3
        for c in np.unique(cc[lease]):
            m = lease & (cc == c)
            home2[m] = self.res_addr(c, int(m.sum()))
        switch = self.T0 + r.random(n) * self.D * 86400
        ip = ip4_str(np.where(t < switch[acc], home1[acc], home2[acc]))
        # IPv6 for some households in countries with v6 prefixes
        hasv6 = np.zeros(n, bool)
        hi = np.full(n, '', dtype=object)
        lo = np.full(n, '', dtype=object)
        for c, lst in V6_PREFIX.items():
            m = (cc == c) & (r.random(n) < p_v6 * 2)
            k = int(m.sum())
            if k:
                ch = r.integers(len(lst), size=k)
                a = np.array([lst[i][0] for i in ch])
                b0 = np.array([lst[i][1] for i in ch])
                b1 = np.array([lst[i][2] for i in ch])
                hi[m] = HEX4[a] + ':' + HEX4[b0 + (r.random(k) * (b1 - b0 + 1)).astype(np.int64)]
                lo[m] = HEX4[r.integers(0, 65536, k)] + ':' + HEX4[r.integers(0, 65536, k)]
                hasv6 |= m
        m6 = hasv6[acc] & (r.random(N) < .8)
        if m6.any():
            ip[m6] = self.v6(aid[acc[m6]], t[m6], hi[acc[m6]], lo[acc[m6]])
        # mobile data: carrier CGNAT pool of the account's country
        mm = r.random(N) < p_mobile
        if mm.any():
            ip[mm] = self.carrier_ip(cc[acc[mm]], aid[acc[mm]], t[mm])
        if ip_override is not None:
            ip = ip_override(acc, t, ip)
        prompts, kinds = (prompt_fn(acc, t) if prompt_fn else (self.text.chat(N), None))
        tok = self.tokens(tok_kind, N)
        if kinds is not None:
            for kname in np.unique(kinds):
                mk = kinds == kname
                tok[mk] = self.tokens(kname, int(mk.sum()))
        if ua is None:
            ua1 = self.ua_pick(n)
            ua2 = self.ua_pick(n)
        else:
            ua1, ua2 = ua
        uae = np.where(r.random(N) < .85, ua1[acc], ua2[acc])
        pme = pm[acc] if isinstance(pm, np.ndarray) else np.full(N, pm, dtype=object)
        sw = (r.random(n) < .03)[acc] & (t > switch[acc])  # a few switch cards mid-window
        if sw.any():
            pme = pme.copy()
            pme[sw] = self.token('pm_', n, 2)[acc[sw]]
        self.emit(aid[acc], t, ip, pme, prompts, uae, tok, self.models(N, models_p), self.keys(aid[acc], self.nkeys(n)[acc]))
        return aid, acc, t

    def carrier_ip(self, cc_ev, aid_ev, t_ev):
        out = np.zeros(len(cc_ev), dtype=np.int64)
        for c in np.unique(cc_ev):
            m = cc_ev == c
            idx = np.nonzero(self.carrier_cc == c)[0]
            if len(idx) == 0:
                idx = np.nonzero(self.carrier_cc == 'US')[0]
            pick = idx[(h2(aid_ev[m], self.salt + 3) % U64(len(idx))).astype(np.int64)]
            for pi in np.unique(pick):
                mm = np.nonzero(m)[0][pick == pi]
                pool = self.carriers[pi][1]
                out[mm] = pool[self.sticky(aid_ev[mm], t_ev[mm], 2, len(pool), 4)]
        return ip4_str(out)

    def mixed_prompts(self, acc, tpl_acc, p_tpl, tpl_pool, cot=None):
        """per event: account's own template (index into tpl_pool) with prob p_tpl[acc], else chat."""
        r = self.rng
        N = len(acc)
        out = self.text.chat(N)
        kinds = np.full(N, 'chat', dtype=object)
        m = (tpl_acc[acc] >= 0) & (r.random(N) < p_tpl[acc])
        for k in np.unique(tpl_acc[acc][m]):
            mk = m & (tpl_acc[acc] == k)
            out[mk] = self.text.render(tpl_pool[k], int(mk.sum()))
        if cot is not None:
            mc = m & (r.random(N) < cot[1])
            out[mc] = out[mc] + cot[0]
        kinds[m] = 'long'
        return out, kinds


# ----------------------------------------------------------------------------
# benign cohorts
def gen_individuals(W, n):
    W.persons(n, 'individual', 'individual', 'home_isp', mean=16)


def gen_mobile(W, n):
    r = W.rng
    cc = r.choice(CC, n, p=CW)
    ua = (objarr(UA_MOBILE_APP)[r.integers(len(UA_MOBILE_APP), size=n)], objarr(UA_BROWSER)[r.integers(len(UA_BROWSER), size=n)])
    aid_holder = {}

    def ipo(acc, t, ip):
        m = r.random(len(acc)) < .85
        aid = W._cur_aid
        ip = ip.copy()
        ip[m] = W.carrier_ip(cc[acc[m]], aid[acc[m]], t[m])
        return ip
    # cohort is one per carrier group id for truth
    W._cur_aid = np.arange(W.next_aid, W.next_aid + n)
    grp = objarr(['carrier_' + c for c in cc])
    W.persons(n, 'mobile_cgnat', grp, 'carrier_cgnat', cc=cc, mean=14, ip_override=ipo, ua=ua, p_v6=0, per_session=2.0, sess_min=8)


def gen_households(W, n_target):
    r = W.rng
    made = 0
    h = 0
    while made < n_target:
        k = int(min(r.integers(2, 6), n_target - made)) if n_target - made >= 2 else n_target - made
        c = str(r.choice(CC, p=CW))
        fam = r.random() < .5
        pm = np.full(k, W.token('pm_', 1, 10)[0], dtype=object) if fam else W.token('pm_', k, 11)
        home = W.res_addr(c, 2)
        sw = W.T0 + r.random() * W.D * 86400
        shared_dev = r.random() < .35
        ua0 = objarr(UA_BROWSER)[r.integers(len(UA_BROWSER), size=k)]
        if shared_dev:
            ua0[:] = ua0[0]
        kids = r.random(k) < .3
        tpl = W.homework_p

        def ipo(acc, t, ip, home=home, sw=sw):
            ip = ip.copy()
            m = r.random(len(acc)) < .8
            ip[m] = ip4_str(np.where(t[m] < sw, home[0], home[1]))
            return ip

        def pf(acc, t, kids=kids):
            out = W.text.chat(len(acc))
            m = kids[acc] & (r.random(len(acc)) < .6)
            out[m] = W.text.render_many(tpl, int(m.sum()))
            kinds = np.where(m, 'student', 'chat').astype(object)
            return out, kinds
        dom = W.webmail(np.full(k, c, dtype=object))
        W.persons(k, 'household', 'household%d' % h, 'family_card' if fam else 'own_cards', profile='chat', cc=c, mean=12,
                  ip_override=ipo, prompt_fn=pf, pm=pm, email=dom, ua=(ua0, W.ua_pick(k)), p_v6=0)
        made += k
        h += 1


def gen_offices(W, n_target):
    r = W.rng
    made = 0
    i = 0
    while made < n_target:
        emp = int(np.exp(r.uniform(np.log(5), np.log(2000))))
        k = int(np.clip(round(emp * r.uniform(.05, .45)), 2, n_target - made))
        if n_target - made - k < 2:
            k = n_target - made
        c = str(r.choice(CC, p=CW))
        slug = str(r.choice(['north', 'blue', 'bright', 'river', 'peak', 'quantum', 'green', 'iron', 'silver', 'nova', 'delta', 'cedar', 'atlas', 'lumen'])) + \
            str(r.choice(['wind', 'path', 'works', 'labs', 'soft', 'logic', 'line', 'stone', 'gate', 'field', 'point', 'bridge'])) + str(int(r.integers(1, 99)))
        tld = {'DE': '.de', 'FR': '.fr', 'GB': '.co.uk', 'JP': '.co.jp', 'IN': '.in', 'BR': '.com.br', 'NL': '.nl', 'PL': '.pl'}.get(c, '.com')
        domain = slug + tld
        # egress
        mode = r.choice(['isp', 'own_as', 'swg'], p=[.45, .3, .25])
        n_eg = int(r.integers(1, 5)) if emp < 500 else int(r.integers(2, 9))
        if mode == 'own_as' and W.corp.get(c):
            a, _ = W.corp[c][r.integers(len(W.corp[c]))]
            cid = W.asn_cidrs([a])
            egress = hosts_in_blocks(cid.block24(r, 1), n_eg, r)
        elif mode == 'swg':
            pool = W.swg[r.integers(len(W.swg))]
            egress = pool[r.integers(len(pool), size=max(n_eg, 3))]
        else:
            mode = 'isp'
            egress = W.res_addr(c, n_eg)
        # teams and cards
        billing = r.choice(['team_cards', 'invoice', 'own_cards'], p=[.55, .25, .2])
        team = (np.arange(k) // r.integers(3, 26)).astype(np.int64)
        if billing == 'team_cards':
            cards = W.token('pm_', int(team.max()) + 1, 12)
            pm = cards[team]
        elif billing == 'invoice':
            pm = np.full(k, 'inv_' + hexstr(r.integers(0, 2**48, 1), 12)[0], dtype=object)
        else:
            pm = W.token('pm_', k, 13)
        org = np.full(k, '', dtype=object)
        if r.random() < .45:
            o = W.token('org_', 1, 14)[0]
            org[r.random(k) < r.uniform(.5, 1)] = o
        email = np.where(r.random(k) < .85, domain, W.webmail(np.full(k, c, dtype=object))).astype(object)
        # internal tool
        tool = r.random() < .5
        tpl_pool = []
        if tool:
            nt = int(r.integers(1, 4))
            tpl_pool = [W.office_p[j] for j in r.choice(len(W.office_p), nt, replace=False)]
            if r.random() < .35:
                tpl_pool += ps_pick(W.ps, BUSINESS_DS, r, 2)
        tpl_acc = np.where(r.random(k) < r.uniform(.4, .9), r.integers(0, max(len(tpl_pool), 1), size=k), -1) if tool else np.full(k, -1)
        p_tpl = r.uniform(.3, .85, k)
        tool_ua = '%s-assistant/%d.%d.%d python-httpx/0.27.2' % (slug[:-2] if slug[-1].isdigit() else slug, r.integers(1, 4), r.integers(0, 9), r.integers(0, 20))
        ua1 = W.ua_pick(k, (.4, .45, .15))
        ua1[tpl_acc >= 0] = tool_ua
        burst = r.random() < .4
        if burst:
            onboard = W.T0 - r.uniform(-3, 400) * 86400
            created = onboard + r.random(k) * r.uniform(.5, 3) * 86400
        else:
            created = W.created_spread(k, .15)
        created = np.minimum(created, W.T1 - 86400)
        hybrid = r.random(k) < .5

        def ipo(acc, t, ip, egress=egress, hybrid=hybrid):
            ip = ip.copy()
            m = ~(hybrid[acc] & (r.random(len(acc)) < .35))
            ip[m] = ip4_str(egress[W.sticky(W._cur_aid[acc[m]], t[m], 8, len(egress), 6)])
            return ip

        def pf(acc, t, tpl_acc=tpl_acc, p_tpl=p_tpl, tpl_pool=tpl_pool):
            if not tpl_pool:
                return W.text.chat(len(acc)), None
            return W.mixed_prompts(acc, tpl_acc, p_tpl, tpl_pool)
        W._cur_aid = np.arange(W.next_aid, W.next_aid + k)
        var = '%s|%s%s' % (mode, billing, '|internal_tool' if tool else '')
        W.persons(k, 'office', 'office%d' % i, var, profile='work', cc=c, mean=22, ip_override=ipo, prompt_fn=pf,
                  created=created, pm=pm, email=email, org=org, ua=(ua1, W.ua_pick(k)), p_mobile=.04, p_v6=0)
        made += k
        i += 1


def gen_campus(W, n_target):
    r = W.rng
    made = 0
    i = 0
    cands = [c for c in ('US', 'GB', 'DE', 'IN', 'KR', 'JP', 'CA', 'AU', 'FR', 'NL', 'BR') if W.univ.get(c)]
    while made < n_target:
        k = int(min(r.integers(60, 400), n_target - made))
        c = str(r.choice(cands))
        a, nm = W.univ[c][r.integers(len(W.univ[c]))]
        cid = W.asn_cidrs([a])
        egress = hosts_in_blocks(cid.block24(r, int(r.integers(1, 3))), int(r.integers(2, 9)), r)
        slug = re.sub(r'[^a-z]', '', nm.split(' - ')[0].split(' ')[0].lower())[:10] or 'uni'
        dom = {'US': slug + '.edu', 'GB': slug + '.ac.uk', 'IN': slug + '.ac.in', 'KR': slug + '.ac.kr', 'JP': slug + '.ac.jp',
               'AU': slug + '.edu.au', 'BR': slug + '.edu.br', 'CA': slug + '.ca'}.get(c, slug + '.edu')
        ncourse = int(r.integers(2, 6))
        courses = []
        for j in range(ncourse):
            nlp = r.random() < .2
            tpls = ps_pick(W.ps, COURSE_DS, r, 2) if nlp else [W.course_p[x] for x in r.choice(len(W.course_p), 2, replace=False)]
            dl = W.T0 + (r.integers(2, W.D, size=int(r.integers(1, 3))) * 86400.0) + 86340 - COUNTRIES[c][1][0] * 3600
            courses.append(dict(tpls=tpls, dl=dl, nlp=nlp, credit=r.random() < .3, pm=W.token('pm_', 1, 20)[0],
                                burst=r.random() < .5))
        course_of = r.integers(ncourse, size=k)
        tz0 = COUNTRIES[c][1][0]
        created = W.created_spread(k, .25)
        for j, co in enumerate(courses):
            m = course_of == j
            if co['burst']:
                created[m] = W.T0 - r.uniform(-2, 20) * 86400 + r.random(int(m.sum())) * 2.5 * 86400
        created = np.minimum(created, W.T1 - 2 * 86400)
        pm = W.token('pm_', k, 21)
        for j, co in enumerate(courses):
            if co['credit']:
                m = (course_of == j) & (r.random(k) < .8)
                pm[m] = co['pm']
        email = np.where(r.random(k) < .8, dom, W.webmail(np.full(k, c, dtype=object))).astype(object)
        on_campus = r.uniform(.3, .8, k)
        W._cur_aid = np.arange(W.next_aid, W.next_aid + k)

        def ipo(acc, t, ip, egress=egress, on_campus=on_campus):
            ip = ip.copy()
            m = r.random(len(acc)) < on_campus[acc]
            ip[m] = ip4_str(egress[W.sticky(W._cur_aid[acc[m]], t[m], 3, len(egress), 7)])
            # NLP course runs from notebooks in Google cloud
            return ip

        def pf(acc, t, course_of=course_of, courses=courses, k=k):
            N = len(acc)
            out = W.text.chat(N)
            kinds = np.full(N, 'chat', dtype=object)
            m = r.random(N) < .5
            for j, co in enumerate(courses):
                mk = m & (course_of[acc] == j)
                nk = int(mk.sum())
                if not nk:
                    continue
                tp = co['tpls']
                out[mk] = W.text.render_many(tp, nk)
                if co['nlp']:
                    cm = mk & (r.random(N) < .4)
                    out[cm] = out[cm] + ' ' + COT[0]
                kinds[mk] = 'student'
            return out, kinds
        aid, acc, t = W.persons(k, 'campus', 'campus%d' % i, 'campus_nat', profile='student', cc=c, mean=20,
                                ip_override=ipo, prompt_fn=pf, created=created, pm=pm, email=email, p_mobile=.1, p_v6=0)
        # deadline spikes: move course events into the 48h before a deadline
        ev = W.ev[-1]
        pr = ev['prompt']
        for j, co in enumerate(courses):
            m = (course_of[acc] == j) & (r.random(len(acc)) < .6)
            nk = int(m.sum())
            if nk:
                dl = co['dl'][r.integers(len(co['dl']), size=nk)]
                tt = dl - r.gamma(1.5, 9 * 3600, nk)
                late = tt >= W.T1
                tt[late] = W.T1 - r.random(int(late.sum())) * 86400
                ev['t'][m] = np.maximum(tt, W.T0 + r.random(nk) * 3600)
        # NLP course: notebook runs from Colab-like Google cloud addresses
        for j, co in enumerate(courses):
            if co['nlp']:
                m = (course_of[acc] == j) & (r.random(len(acc)) < .4)
                if m.any():
                    ev['ip'][m] = ip4_str(W.cloud['google'].sample(int(m.sum()), r))
                    ev['ua'][m] = 'OpenAI/Python 1.93.0'
        made += k
        i += 1


def gen_vpn(W, n):
    r = W.rng
    prov = r.integers(len(W.vpn_prov), size=n)
    W._cur_aid = np.arange(W.next_aid, W.next_aid + n)

    def ipo(acc, t, ip):
        ip = ip.copy()
        m = r.random(len(acc)) < .7
        out = np.zeros(int(m.sum()), dtype=np.int64)
        pa_ = prov[acc[m]]
        for p in np.unique(pa_):
            mm = pa_ == p
            pool = W.vpn_prov[p]
            out[mm] = pool[W.sticky(W._cur_aid[acc[m]][mm], t[m][mm], 6, len(pool), 8)]
        ip[m] = ip4_str(out)
        return ip
    grp = objarr(['vpn_provider%d' % p for p in prov])
    W.persons(n, 'vpn_user', grp, 'commercial_vpn', mean=15, ip_override=ipo, p_mobile=.05)


def gen_resproxy_users(W, n):
    """benign customers of residential proxy providers (privacy users, users in
    unsupported regions, ad-verification / SEO staff)."""
    r = W.rng
    prov = r.integers(len(W.resproxy), size=n)
    rotating = r.random(n) < .6
    cc = r.choice(np.array(['US', 'HK', 'SG', 'GB', 'DE', 'TR', 'VN', 'ID', 'IN', 'BR'], dtype=object), n)
    W._cur_aid = np.arange(W.next_aid, W.next_aid + n)

    def ipo(acc, t, ip):
        out = np.zeros(len(acc), dtype=np.int64)
        for p in range(len(W.resproxy)):
            m = prov[acc] == p
            pool = W.resproxy[p][0]
            rot = m & rotating[acc]
            out[rot] = pool[r.integers(len(pool), size=int(rot.sum()))]
            st = m & ~rotating[acc]
            out[st] = pool[W.sticky(W._cur_aid[acc[st]], t[st], .25, len(pool), 9)]
        ip = ip.copy()
        m = r.random(len(acc)) < .9
        ip[m] = ip4_str(out[m])
        return ip
    seo = r.random(n) < .35
    seo_tpl = W.text.parse_many(['Write a 600-word SEO article about {product} targeting the keyword "{word} {product}".',
                                 'Write a localized product blurb for {product} for customers in {city}.'])

    def pf(acc, t):
        N = len(acc)
        out = W.text.chat(N)
        m = seo[acc] & (r.random(N) < .7)
        out[m] = W.text.render_many(seo_tpl, int(m.sum()))
        return out, np.where(m, 'long', 'chat').astype(object)
    grp = objarr(['resproxy_provider%d' % p for p in prov])
    W.persons(n, 'resproxy_user', grp, objarr(np.where(rotating, 'rotating', 'sticky')), cc=cc, mean=20,
              ip_override=ipo, prompt_fn=pf, p_mobile=0, p_v6=0)


def gen_heavy_apps(W, n):
    r = W.rng
    for i in range(n):
        c = str(r.choice(CC, p=CW))
        prov = str(r.choice(CLOUD_PROVIDERS, p=[.4, .2, .2, .05, .1, .05]))
        ps_t = r.random() < .3
        tpl = (ps_pick(W.ps, BUSINESS_DS, r, 1) or [W.app_p[0]])[0] if ps_t else W.app_p[r.integers(len(W.app_p))]
        kind = 'short' if re.search(r'Classif|toxic|Tag this|sentiment|yes or no', ''.join(tpl[0::2])) or ps_t else 'summary'
        frac = r.uniform(.5, .97)
        days = np.arange(W.D)
        base = frac * DAILY_REQUEST_LIMIT * np.where(((days + 0) % 7) >= 5, r.uniform(.6, 1), 1)
        cnt = np.minimum(r.poisson(base), DAILY_REQUEST_LIMIT - 1)[None, :]
        start_day = int(r.integers(0, W.D // 2)) if r.random() < .3 else 0
        cnt[:, :start_day] = 0
        created = W.created_spread(1, .2)
        created = np.minimum(created, W.T0 + start_day * 86400 - 3600)
        aid = W.new_accounts(1, 'heavy_app', 'app%d' % i, 'single_app|%s' % prov, c, created, W.token('pm_', 1, 30),
                             np.array([str(r.choice(['gmail.com', 'outlook.com'])) if r.random() < .5 else 'app%d.io' % i], dtype=object),
                             W.token('org_', 1, 31) if r.random() < .5 else None)
        tz = np.array([COUNTRIES[c][1][0]])
        acc, t = W.day_times(cnt, 'diurnal', tz=tz, profile='app')
        N = len(acc)
        vm = W.cloud[prov].sample(int(r.integers(1, 7)), r)
        ip = ip4_str(vm[W.sticky(aid[acc], t, 24, len(vm), 32)])
        sdk = str(r.choice(UA_SDK))
        W.emit(aid[acc], t, ip, np.full(N, W.acc[-1]['pm'][0], dtype=object), W.text.render(tpl, N),
               np.full(N, sdk, dtype=object), W.tokens(kind, N), np.full(N, MODELS[r.choice([0, 1, 3], p=[.3, .5, .2])], dtype=object),
               W.keys(aid[acc], np.full(N, int(r.integers(1, 3)))))


def gen_agencies(W, n_target):
    """dev shops / freelancers holding one account per client app: one agency
    card, shared cloud egress, a template per client, created on onboarding."""
    r = W.rng
    made, i = 0, 0
    while made < n_target:
        k = int(min(r.integers(3, 13), n_target - made))
        c = str(r.choice(CC, p=CW))
        prov = str(r.choice(['amazon', 'digitalocean', 'linode', 'google', 'microsoft']))
        vm = W.cloud[prov].sample(int(r.integers(1, 4)), r)
        card = W.token('pm_', 1, 40)[0]
        pm = np.where(r.random(k) < .75, card, W.token('pm_', k, 41)).astype(object)
        dom = 'studio%d.dev' % int(r.integers(10, 999))
        created = W.T0 - r.uniform(0, 500, k) * 86400
        created[: k // 2] = created[0] + r.random(k // 2) * 3600 * 6  # several clients onboarded the same afternoon
        aid = W.new_accounts(k, 'agency', 'agency%d' % i, 'client_accounts|%s' % prov, c, created, pm,
                             np.where(r.random(k) < .7, dom, 'gmail.com').astype(object))
        tpls = [W.app_p[j] for j in r.integers(len(W.app_p), size=k)]
        cnt = np.zeros((k, W.D), dtype=np.int64)
        frac = r.uniform(.01, .25, k)
        cnt[:] = np.minimum(r.poisson(frac[:, None] * DAILY_REQUEST_LIMIT * np.ones((k, W.D))), DAILY_REQUEST_LIMIT - 1)
        acc, t = W.day_times(cnt, 'diurnal', tz=np.full(k, COUNTRIES[c][1][0]), profile='app')
        N = len(acc)
        prompts = np.empty(N, dtype=object)
        for j in range(k):
            m = acc == j
            prompts[m] = W.text.render(tpls[j], int(m.sum()))
        mt = r.random(N) < .1  # developer testing by hand
        prompts[mt] = W.text.chat(int(mt.sum()))
        ip = ip4_str(vm[W.sticky(aid[acc], t, 24, len(vm), 42)])
        ua = np.full(N, str(r.choice(UA_SDK)), dtype=object)
        ua[mt] = objarr(UA_BROWSER)[r.integers(len(UA_BROWSER), size=int(mt.sum()))]
        W.emit(aid[acc], t, ip, pm[acc], prompts, ua, W.tokens('summary', N), W.models(N, (.3, .6, 0, .1)),
               W.keys(aid[acc], np.ones(N)))
        made += k
        i += 1


def gen_hackathons(W, n_target):
    r = W.rng
    made, i = 0, 0
    while made < n_target:
        k = int(min(r.integers(20, 81), n_target - made))
        c = str(r.choice(['US', 'GB', 'DE', 'IN', 'FR', 'NL', 'CA', 'SG', 'BR']))
        tz0 = COUNTRIES[c][1][0]
        start = W.T0 + int(r.integers(1, W.D - 3)) * 86400 + (9 - tz0) * 3600
        dur = r.uniform(30, 48) * 3600
        venue = W.res_addr(c, int(r.integers(1, 3)))
        if W.univ.get(c) and r.random() < .5:
            a, _ = W.univ[c][r.integers(len(W.univ[c]))]
            venue = hosts_in_blocks(W.asn_cidrs([a]).block24(r, 1), len(venue), r)
        created = np.where(r.random(k) < .8, start + r.random(k) * 3 * 3600, W.created_spread(k, .3))
        promo = W.token('pm_', 1, 50)[0]
        pm = np.where(r.random(k) < .6, promo, W.token('pm_', k, 51)).astype(object)
        starter = W.hack_p[r.integers(len(W.hack_p))]
        aid = W.new_accounts(k, 'hackathon', 'hackathon%d' % i, 'venue_wifi|promo_credits|starter_template', c, created, pm, W.webmail(np.full(k, c, dtype=object)))
        cnt = W.counts(k, 35, 1.0, 400)
        acc = np.repeat(np.arange(k), cnt)
        N = len(acc)
        t = start + r.random(N) * dur
        hr = ((t - W.T0) / 3600 + tz0) % 24
        late = (hr > 2) & (hr < 8) & (r.random(N) < .7)
        t[late] = t[late] - 6 * 3600
        t = np.maximum(t, created[acc] + 60)
        after = r.random(N) < .08
        ta = start + dur + r.random(int(after.sum())) * 6 * 86400
        t[after] = np.where(ta < W.T1, ta, W.T1 - r.random(len(ta)) * 86400)
        ip = ip4_str(venue[r.integers(len(venue), size=N)])
        home = W.res_addr(c, k)
        ip[after] = ip4_str(home[acc[after]])
        prompts = W.text.chat(N)
        ms = r.random(N) < .55
        prompts[ms] = W.text.render(starter, int(ms.sum()))
        ua1 = W.ua_pick(k, (.7, .15, .15))
        W.emit(aid[acc], W._wrap(t), ip, pm[acc], prompts, ua1[acc], W.tokens('chat', N), W.models(N, (.3, .6, .05, .05)),
               W.keys(aid[acc], np.ones(N)))
        made += k
        i += 1


def gen_eval_labs(W, n_target):
    """academic / startup evaluation teams running benchmarks with CoT: the
    closest benign twin of a distillation ring."""
    r = W.rng
    made, i = 0, 0
    while made < n_target:
        k = int(min(r.integers(3, 9), n_target - made))
        c = str(r.choice(['US', 'GB', 'DE', 'KR', 'JP', 'CA', 'FR', 'SG', 'IN']))
        if W.univ.get(c) and r.random() < .5:
            a, nm = W.univ[c][r.integers(len(W.univ[c]))]
            egress = hosts_in_blocks(W.asn_cidrs([a]).block24(r, 1), int(r.integers(1, 3)), r)
            infra = 'university_cluster'
            dom = re.sub(r'[^a-z]', '', nm.split(' ')[0].lower())[:10] + '.edu'
        else:
            prov = str(r.choice(['amazon', 'google', 'oracle', 'microsoft']))
            egress = W.cloud[prov].sample(int(r.integers(1, 5)), r)
            infra = 'gpu_cloud_' + prov
            dom = 'gmail.com'
        grant = W.token('pm_', 1, 60)[0]
        pm = np.where(r.random(k) < .8, grant, W.token('pm_', k, 61)).astype(object)
        org = W.token('org_', 1, 62)[0] if r.random() < .7 else ''
        created = W.created_spread(k, .2)
        created = np.minimum(created, W.T0 - 86400)
        aid = W.new_accounts(k, 'eval_lab', 'evallab%d' % i, infra + '|benchmark_cot|grant_card', c, created, pm,
                             np.full(k, dom, dtype=object), np.full(k, org, dtype=object))
        tpls = ps_pick(W.ps, EVAL_DS, r, int(r.integers(3, 9)))
        cnt = np.zeros((k, W.D), dtype=np.int64)
        for j in range(k):
            rd = r.choice(W.D, int(r.integers(2, 7)), replace=False)
            cnt[j, rd] = np.minimum(r.poisson(r.uniform(.4, .98) * DAILY_REQUEST_LIMIT, len(rd)), DAILY_REQUEST_LIMIT - 1)
        st = r.uniform(0, 20, k)
        ln = r.uniform(2, 10, k)
        acc, t = W.day_times(cnt, 'batch', batch=(st, ln))
        N = len(acc)
        tix = r.integers(len(tpls), size=N)
        prompts = np.empty(N, dtype=object)
        for j in np.unique(tix):
            m = tix == j
            prompts[m] = W.text.render(tpls[j], int(m.sum()))
        fs = r.random() < .4
        if fs:  # few-shot prefix, identical in every request of the run
            shot = W.text.render(tpls[0], 3)
            prompts = ('\n\n'.join(shot) + '\n\n') + prompts
        mc = r.random(N) < .7
        prompts[mc] = prompts[mc] + '\n' + COT[0]
        ua = np.full(N, str(r.choice(['OpenAI/Python 1.93.0', 'AsyncOpenAI/Python 1.99.0', 'litellm/1.72.0', 'python-httpx/0.28.1'])), dtype=object)
        tok = np.where(mc, W.tokens('cot', N) // 2, W.tokens('short', N))
        ip = ip4_str(egress[r.integers(len(egress), size=N)])
        mdl = MODELS[r.choice([0, 1, 2], size=N, p=[.4, .2, .4])]
        W.emit(aid[acc], t, ip, pm[acc], prompts, ua, tok, mdl, W.keys(aid[acc], np.full(N, 2)))
        made += k
        i += 1


def gen_public_wifi(W, n_target):
    """cafes, coworking spaces, hotels, airports, conferences: unrelated people
    who share an address for a few days."""
    r = W.rng
    made, i = 0, 0
    while made < n_target:
        kind = str(r.choice(['cafe', 'coworking', 'hotel', 'airport', 'conference'], p=[.3, .3, .15, .1, .15]))
        k = int(min({'conference': r.integers(40, 150), 'airport': r.integers(20, 60)}.get(kind, r.integers(5, 30)), n_target - made))
        c = str(r.choice(CC, p=CW))
        venue = W.res_addr(c, int(r.integers(1, 3)))
        if kind == 'conference':
            d0 = int(r.integers(0, W.D - 3))
            vd = (d0, d0 + 2)
        else:
            vd = (0, W.D - 1)
        visit_start = r.integers(vd[0], vd[1] + 1, size=k)
        visit_len = r.integers(1, 4 if kind != 'coworking' else W.D, size=k)
        cc = np.where(r.random(k) < (.5 if kind in ('airport', 'conference', 'hotel') else .9), c, r.choice(CC, k, p=CW)).astype(object)
        W._cur_aid = np.arange(W.next_aid, W.next_aid + k)
        tzv = COUNTRIES[c][1][0]

        def ipo(acc, t, ip, venue=venue, visit_start=visit_start, visit_len=visit_len, tzv=tzv):
            lday = np.floor((t - W.T0 + tzv * 3600) / 86400)
            hr = ((t - W.T0) / 3600 + tzv) % 24
            m = (lday >= visit_start[acc]) & (lday < visit_start[acc] + visit_len[acc]) & (hr > 7) & (hr < 21)
            ip = ip.copy()
            ip[m] = ip4_str(venue[r.integers(len(venue), size=int(m.sum()))])
            return ip
        W.persons(k, 'public_wifi', '%s%d' % (kind, i), kind, cc=cc, mean=18, ip_override=ipo, p_v6=0, profile='work' if kind == 'coworking' else 'chat')
        made += k
        i += 1


def gen_oss_tools(W, n):
    """users of the same open-source client (same hard-coded prompt template
    and user agent) from unrelated homes around the world."""
    r = W.rng
    tool = r.integers(len(OSS_TOOLS), size=n)
    tpls = [W.text.parse(t) for _, t in OSS_TOOLS]
    ua_t = objarr([u for u, _ in OSS_TOOLS])

    def pf(acc, t):
        N = len(acc)
        out = W.text.chat(N)
        kinds = np.full(N, 'chat', dtype=object)
        m = r.random(N) < .75
        for j in range(len(tpls)):
            mk = m & (tool[acc] == j)
            out[mk] = W.text.render(tpls[j], int(mk.sum()))
            kinds[mk] = 'code'
        return out, kinds
    grp = objarr(['osstool_' + OSS_TOOLS[j][0].split('/')[0] for j in tool])
    W.persons(n, 'oss_tool_user', grp, 'shared_client_template', mean=30, prompt_fn=pf, ua=(ua_t[tool], ua_t[tool]),
              per_session=10, sess_min=6, models_p=(.5, .2, .25, .05))


def gen_gateway_customers(W, n_target):
    """customers of regional API resellers / enterprise gateways: one account
    per downstream customer, all egressing through the gateway's few cloud IPs."""
    r = W.rng
    per = np.maximum(2, np.round(n_target * r.dirichlet(np.ones(len(W.gateways))))).astype(int)
    per[-1] = max(n_target - per[:-1].sum(), 0)
    for g, (gw, k) in enumerate(zip(W.gateways, per)):
        if k <= 0:
            continue
        shared_card = r.random() < .5
        pm = np.full(k, W.token('pm_', 1, 70)[0], dtype=object) if shared_card else W.token('pm_', k, 71)
        email = np.where(r.random(k) < .6, gw['domain'], W.webmail(np.full(k, gw['cc'], dtype=object))).astype(object)
        W._cur_aid = np.arange(W.next_aid, W.next_aid + k)
        addr = gw['addr']
        tpl_acc = np.where(r.random(k) < .5, r.integers(len(W.app_p), size=k), -1)
        p_tpl = r.uniform(.5, .95, k)

        def ipo(acc, t, ip, addr=addr):
            return ip4_str(addr[r.integers(len(addr), size=len(acc))])

        def pf(acc, t, tpl_acc=tpl_acc, p_tpl=p_tpl):
            return W.mixed_prompts(acc, tpl_acc, p_tpl, W.app_p)
        ua = np.full(k, gw['ua'], dtype=object)
        W.persons(k, 'gateway_customer', 'gateway%d' % g, 'reseller_egress|' + ('shared_card' if shared_card else 'own_cards'),
                  profile='app', cc=gw['cc'], mean=60, ip_override=ipo, prompt_fn=pf, pm=pm, email=email, ua=(ua, ua),
                  per_session=8, sess_min=30)


# ----------------------------------------------------------------------------
# rings
INFRA_P = {'dc24': .14, 'cloud_vm': .18, 'resi_rotating': .2, 'resi_sticky': .1, 'proxy_reseller': .14,
           'mobile_proxy': .1, 'vpn': .09, 'tor': .05}
EVASIONS = {'own_card': .6, 'aged_accounts': .3, 'staggered_signup': .4, 'cover_traffic': .45, 'paraphrase': .5,
            'low_volume': .3, 'human_timing': .45, 'tz_mimicry': .5, 'ua_spoof': .35, 'sdk_ua': .45, 'model_mix': .3,
            'cot_variation': .5, 'output_cap': .3, 'template_rotation': .45, 'geo_consistent': .5, 'account_churn': .25,
            'key_rotation': .3, 'persona_wrap': .25, 'org_cover': .08, 'card_pool': .5}


def ring_sizes(total, mode, rng):
    def fill(t, lo, hi, logu):
        out = []
        while t > 0:
            s = int(np.exp(rng.uniform(np.log(lo), np.log(hi + 1)))) if logu else int(rng.integers(lo, hi + 1))
            s = min(s, t)
            if t - s < lo and t - s > 0:
                if s + (t - s) <= hi or not out:
                    s = t
                else:
                    out[-1] += t - s
                    t = s
            out.append(s)
            t -= s
        return [x for x in out if x > 0]
    if total < 3:
        return []
    if mode == 'small':
        return fill(total, 3, 15, False)
    if mode == 'large':
        return fill(total, 16, 300, True) if total >= 16 else [total]
    big = total // 2
    small = total - big
    return (fill(big, 16, 300, True) if big >= 16 else [big] if big >= 3 else []) + fill(small, 3, 15, False)


def gen_ring(W, rid, size):
    r = W.rng
    sloppy = r.random() < .3
    infra = 'dc24' if sloppy and r.random() < .6 else str(r.choice(list(INFRA_P), p=np.array(list(INFRA_P.values())) / sum(INFRA_P.values())))
    ev = set() if sloppy else {k for k, p in EVASIONS.items() if r.random() < p}
    if 'aged_accounts' in ev:
        ev.discard('staggered_signup')
    if 'human_timing' not in ev:
        ev.discard('tz_mimicry')
    if 'ua_spoof' in ev:
        ev.discard('sdk_ua')
    if 'own_card' in ev:
        ev.discard('card_pool')
    secondary = None
    if not sloppy and r.random() < .25:
        secondary = str(r.choice([k for k in INFRA_P if k != infra]))
    cap = str(r.choice(list(RING_CAPS), p=np.array([v[2] for v in RING_CAPS.values()]) / sum(v[2] for v in RING_CAPS.values())))
    prefixes, p_own, _ = RING_CAPS[cap]
    nt = int(r.integers(2, 6)) if 'template_rotation' in ev else 1
    tpls = []
    for _ in range(nt):
        if (r.random() < p_own or not prefixes) and cap in OWN_RING:
            tpls.append(W.text.parse(OWN_RING[cap][r.integers(len(OWN_RING[cap]))]))
        else:
            got = ps_pick(W.ps, prefixes, r, 1)
            tpls.append(got[0] if got else W.text.parse(OWN_RING['math_cot'][0]))
    op_tz = float(r.choice([8, 8, 8, 8, 3, 5.5, -5, 1, 7, 3.5]))
    n = size
    # ---------- sign-up
    start_day = 0 if r.random() < .5 else int(r.integers(0, max(1, W.D // 3)))
    t_start = W.T0 + start_day * 86400
    if 'aged_accounts' in ev:
        created = t_start - r.uniform(180, 900, n) * 86400
    elif 'staggered_signup' in ev:
        created = t_start - r.uniform(1, r.uniform(10, 60), n) * 86400
    else:
        b0 = t_start - r.uniform(.5, 5) * 86400
        created = b0 + r.random(n) * r.uniform(.5, 12) * 3600
    # ---------- countries, e-mail, cards
    geo_cc = None
    if infra in ('resi_rotating', 'resi_sticky', 'mobile_proxy') or 'geo_consistent' in ev:
        geo_cc = r.choice(CC, n, p=CW) if 'geo_consistent' in ev else np.full(n, str(r.choice(['US', 'US', 'GB', 'SG', 'JP'])), dtype=object)
    if geo_cc is not None:
        cc = geo_cc
    elif sloppy:
        cc = np.full(n, str(r.choice(['US', 'US', 'SG', 'HK', 'GB'])), dtype=object)
    else:
        cc = r.choice(CC, n, p=CW)
    if sloppy or r.random() < .15:
        dom = str(r.choice(['mailbox', 'inboxhub', 'quickmail', 'tmpbox', 'postly', 'maildrop'])) + str(int(r.integers(10, 99))) + str(r.choice(['.top', '.xyz', '.site', '.online']))
        email = np.full(n, dom, dtype=object)
    elif 'geo_consistent' in ev:
        email = W.webmail(cc)
    else:
        email = objarr(np.array(['gmail.com', 'outlook.com', 'proton.me', 'hotmail.com', 'yahoo.com', 'qq.com', '163.com'])[
            r.choice(7, n, p=[.4, .2, .12, .1, .08, .05, .05])])
    if 'own_card' in ev:
        pm = W.token('pm_', n, 80)
    elif 'card_pool' in ev:
        pool = W.token('pm_', int(r.integers(2, 7)), 81)
        pm = pool[r.integers(len(pool), size=n)]
    else:
        pool = W.token('pm_', int(r.integers(1, 4)), 82)
        pm = pool[np.arange(n) % len(pool)]
    org = np.full(n, W.token('org_', 1, 83)[0] if 'org_cover' in ev else '', dtype=object)
    variant = '|'.join([infra] + ([secondary] if secondary else []) + (['sloppy'] if sloppy else []) + sorted(ev))
    aid = W.new_accounts(n, 'ring', rid, variant, cc, created, pm, email, org, ring_id=rid)
    # ---------- volume per account-day
    lim = DAILY_REQUEST_LIMIT
    frac = (r.uniform(.03, .15) if 'low_volume' in ev else r.uniform(.3, .9)) * np.exp(r.normal(0, .2, n))
    days = np.arange(W.D)
    active = np.ones((n, W.D), bool)
    active[:, :start_day] = False
    cday = np.floor((created - W.T0) / 86400).astype(int)
    active &= days[None, :] > cday[:, None]
    if 'account_churn' in ev:
        L = r.integers(2, 6, n)
        s0 = start_day + (np.arange(n) * max(1, (W.D - start_day - 2)) // max(n, 1)) + r.integers(0, 2, n)
        active &= (days[None, :] >= s0[:, None]) & (days[None, :] < (s0 + L)[:, None])
    wkd = ((days + 0) % 7) >= 5
    dayf = np.where(wkd & ('human_timing' in ev), .5, 1.0)
    lam = np.clip(frac[:, None] * lim * dayf[None, :] * np.exp(r.normal(0, .15, (n, W.D))), 0, lim * .97)
    cnt = np.where(active, np.minimum(r.poisson(lam), lim - 1), 0)
    # ---------- timing
    if 'human_timing' in ev:
        tzr = W.tz(cc) if 'tz_mimicry' in ev else np.full(n, op_tz)
        acc, t = W.day_times(cnt, 'diurnal', tz=tzr, profile='operator')
        tmode = 'human'
    else:
        tmode = str(r.choice(['flat', 'cadence', 'batch']))
        if tmode == 'batch':
            st = np.full(n, (r.uniform(8, 10) - op_tz) % 24) + r.normal(0, .3, n)
            ln = np.full(n, r.uniform(8, 16))
            acc, t = W.day_times(cnt, 'batch', batch=(st, ln))
        else:
            acc, t = W.day_times(cnt, tmode)
    N = len(acc)
    # ---------- prompts
    prompts = np.empty(N, dtype=object)
    kinds = np.full(N, 'cot', dtype=object)
    p_cover = r.uniform(.1, .4) if 'cover_traffic' in ev else 0.0
    p_cot = r.uniform(.6, 1.0)
    fixed_cot = COT[r.integers(len(COT))]
    cot_suffix = r.random() < .75
    tidx_ev = r.integers(len(tpls), size=N) if len(tpls) > 1 else np.zeros(N, dtype=int)
    cover = r.random(N) < p_cover
    if cover.any():
        prompts[cover] = W.text.chat(int(cover.sum()))
        kinds[cover] = 'chat'
    per_acc = 'paraphrase' in ev or 'persona_wrap' in ev
    main = ~cover
    if per_acc:
        for j in range(n):
            tj = [paraphrase(tp, r) for tp in tpls] if 'paraphrase' in ev else tpls
            pre = PERSONA[r.integers(len(PERSONA))] if 'persona_wrap' in ev else ''
            mj = main & (acc == j)
            _fill(W, prompts, mj, tj, tidx_ev, pre)
    else:
        _fill(W, prompts, main, tpls, tidx_ev, '')
    mc = main & (r.random(N) < p_cot)
    k = int(mc.sum())
    if k:
        phr = objarr(COT)[r.integers(len(COT), size=k)] if 'cot_variation' in ev else np.full(k, fixed_cot, dtype=object)
        prompts[mc] = (prompts[mc] + '\n\n' + phr) if cot_suffix else (phr + '\n\n' + prompts[mc])
    # ---------- tokens / models / ua / keys
    tok = np.zeros(N, dtype=np.int64)
    med = r.uniform(1200, 2800)
    tok[main] = np.clip(np.round(med * np.exp(r.normal(0, .35, int(main.sum())))), 150, MAX_OUTPUT_TOKENS)
    tok[main & ~mc] = (tok[main & ~mc] * .5).astype(np.int64)
    if 'output_cap' in ev:
        capv = int(r.choice([512, 768, 1024]))
        tok[main] = np.minimum((tok[main] * r.uniform(.25, .45)).astype(np.int64), capv)
    tok[cover] = W.tokens('chat', int(cover.sum()))
    if 'model_mix' in ev:
        mdl = MODELS[r.choice(4, N, p=[.45, .2, .3, .05])]
    else:
        mdl = np.full(N, MODELS[r.choice([0, 2], p=[.4, .6])], dtype=object)
    if 'ua_spoof' in ev:
        ub = objarr(UA_BROWSER)
        ua_acc = ub[r.integers(len(ub), size=n)]
        ua = np.where(r.random(N) < .5, ua_acc[acc], ub[r.integers(len(ub), size=N)]).astype(object)
    elif 'sdk_ua' in ev:
        ua = np.full(N, str(r.choice(UA_SDK)), dtype=object)
    else:
        ua = np.full(N, str(r.choice(RING_SCRIPT_UA)), dtype=object)
    nk = np.where('key_rotation' in ev, r.integers(3, 9, n), 1)
    keys = W.keys(aid[acc], nk[acc])
    pme = pm[acc].copy()
    if 'card_pool' in ev:
        sw = r.random(N) < .05
        pme[sw] = pool[r.integers(len(pool), size=int(sw.sum()))]
    # ---------- ip
    ip = ring_ips(W, infra, aid, acc, t, cc, ev, r)
    if secondary:
        sec_acc = r.random(n) < .4
        ms = sec_acc[acc]
        if ms.any():
            ip[ms] = ring_ips(W, secondary, aid, acc[ms], t[ms], cc, ev, r)
    W.emit(aid[acc], t, ip, pme, prompts, ua, tok, mdl, keys)
    W.rings.append(dict(ring_id=rid, size=n, variant=variant, infra=infra, secondary_infra=secondary, sloppy=sloppy,
                        capability=cap, n_templates=len(tpls), timing=tmode, operator_tz=op_tz, events=int(N)))


def _fill(W, prompts, mask, tpls, tidx_ev, pre):
    for ti in range(len(tpls)):
        mt = mask & (tidx_ev == ti)
        k = int(mt.sum())
        if k:
            prompts[mt] = pre + W.text.render(tpls[ti], k)


def paraphrase(parts, r):
    lits = list(parts[0::2])
    subs = [p for p in PARAPHRASE if r.random() < .5]
    for a, b in subs:
        pat = re.compile(r'(?<![A-Za-z])' + re.escape(a) + r'(?![A-Za-z])')
        lits = [pat.sub(b, x) for x in lits]
    if r.random() < .3:
        lits = [x.replace('\n', ' ') for x in lits]
    lits[0] = PARA_PREFIX[r.integers(len(PARA_PREFIX))] + lits[0]
    lits[-1] = lits[-1] + PARA_SUFFIX[r.integers(len(PARA_SUFFIX))]
    out = list(parts)
    out[0::2] = lits
    return tuple(out)


def ring_ips(W, infra, aid, acc, t, cc, ev, r):
    N = len(acc)
    n = len(aid)
    if infra == 'dc24':
        src = W.dc if r.random() < .5 else W.hosting
        blk = src.block24(r, 1)
        hosts = hosts_in_blocks(blk, max(3, min(n, int(r.integers(3, 30)))), r)
        ha = r.integers(len(hosts), size=n)
        hb = r.integers(len(hosts), size=n)
        out = np.where(r.random(N) < .8, hosts[ha[acc]], hosts[hb[acc]])
        return ip4_str(out)
    if infra == 'cloud_vm':
        provs = [str(r.choice(CLOUD_PROVIDERS))] if r.random() < .7 else list(r.choice(CLOUD_PROVIDERS, 3, replace=False))
        eph = r.random() < .4
        pa_ = r.integers(len(provs), size=n)
        vm = np.zeros((n, W.D), dtype=np.int64)
        for j, p in enumerate(provs):
            m = pa_ == j
            vm[m] = W.cloud[p].sample(int(m.sum()) * W.D, r).reshape(-1, W.D)
        if not eph:
            vm[:] = vm[:, :1]
        day = np.clip(np.floor((t - W.T0) / 86400).astype(int), 0, W.D - 1)
        return ip4_str(vm[acc, day])
    if infra in ('resi_rotating', 'resi_sticky'):
        pool, pcc = W.resproxy[int(r.integers(len(W.resproxy)))]
        out = np.zeros(N, dtype=np.int64)
        geo = True  # proxies are geo-targeted to the account's declared country
        for c in np.unique(cc[acc]):
            m = cc[acc] == c
            cand = np.nonzero(pcc == c)[0] if geo else np.arange(len(pool))
            if len(cand) < 5:
                cand = np.arange(len(pool))
            if infra == 'resi_rotating':
                out[m] = pool[cand[r.integers(len(cand), size=int(m.sum()))]]
            else:
                out[m] = pool[cand[W.sticky(aid[acc[m]], t[m], float(r.uniform(1, 24)), len(cand), 90)]]
        return ip4_str(out)
    if infra == 'proxy_reseller':
        gw = W.gateways[int(r.integers(len(W.gateways)))]
        return ip4_str(gw['addr'][r.integers(len(gw['addr']), size=N)])
    if infra == 'mobile_proxy':
        return W.carrier_ip(cc[acc], aid[acc], t)
    if infra == 'vpn':
        provs = r.choice(len(W.vpn_prov), int(r.integers(1, 3)), replace=False)
        pool = np.concatenate([W.vpn_prov[p] for p in provs])
        return ip4_str(pool[W.sticky(aid[acc], t, float(r.uniform(1, 8)), len(pool), 91)])
    # tor: new circuit every ~10 minutes
    return ip4_str(W.tor[W.sticky(aid[acc], t, 1 / 6, len(W.tor), 92)])


# ----------------------------------------------------------------------------
COHORT_SHARES = [('office', .07), ('mobile_cgnat', .04), ('campus', .03), ('household', .025), ('vpn_user', .015),
                 ('oss_tool_user', .015), ('public_wifi', .01), ('hackathon', .008), ('resproxy_user', .005),
                 ('agency', .004), ('gateway_customer', .004), ('heavy_app', .003), ('eval_lab', .0015)]
GEN = {'office': gen_offices, 'mobile_cgnat': gen_mobile, 'campus': gen_campus, 'household': gen_households,
       'vpn_user': gen_vpn, 'oss_tool_user': gen_oss_tools, 'public_wifi': gen_public_wifi, 'hackathon': gen_hackathons,
       'resproxy_user': gen_resproxy_users, 'agency': gen_agencies, 'gateway_customer': gen_gateway_customers,
       'heavy_app': gen_heavy_apps, 'eval_lab': gen_eval_labs}


def build(args):
    t0 = time.time()
    W = World(args)
    N = args.accounts
    n_ring = int(round(N * args.ring_share))
    sizes = ring_sizes(n_ring, args.ring_sizes, W.rng)
    n_ring = sum(sizes)
    plan = {}
    for name, share in COHORT_SHARES:
        k = int(round(N * share))
        if name == 'household' and k == 1:
            k = 2
        plan[name] = k
    if N - n_ring - sum(plan.values()) < 0:
        raise SystemExit('too few accounts for the cohort plan')
    for name, _ in COHORT_SHARES:
        if plan[name] > 0:
            GEN[name](W, plan[name])
    for i, s in enumerate(sizes):
        gen_ring(W, 'ring%02d' % i, s)
    gen_individuals(W, N - W.next_aid)
    return W, t0


def finish(W, t0, args):
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    A = {k: np.concatenate([a[k] for a in W.acc]) for k in W.acc[0]}
    E = {k: np.concatenate([e[k] for e in W.ev]) for k in W.ev[0]}
    n_acc = len(A['aid'])
    ids = 'u-' + hexstr(h2(A['aid'], W.salt + 99), 12)
    assert len(set(ids)) == n_acc, 'account id collision'
    # platform caps: keep the first DAILY_REQUEST_LIMIT requests / token budget per account and UTC day
    ev = pd.DataFrame({'aid': E['aid'], 't': np.clip(E['t'], W.T0, W.T1 - 1), 'tok': E['tok']})
    ev['day'] = np.floor((ev['t'] - W.T0) / 86400).astype(np.int64)
    order = np.lexsort((ev['t'].to_numpy(), ev['aid'].to_numpy()))
    evs = ev.iloc[order]
    rank = evs.groupby(['aid', 'day'], sort=False).cumcount().to_numpy()
    ctok = evs.groupby(['aid', 'day'], sort=False)['tok'].cumsum().to_numpy()
    keep = np.zeros(len(ev), bool)
    keep[order] = (rank < DAILY_REQUEST_LIMIT) & (ctok <= DAILY_TOKEN_LIMIT)
    n_capped = int((~keep).sum())
    E = {k: v[keep] for k, v in E.items()}
    E['t'] = np.clip(E['t'], W.T0, W.T1 - 1)
    # created_at never after an account's first request
    first = pd.Series(E['t']).groupby(E['aid']).min()
    created = A['created'].copy()
    fi = first.reindex(A['aid']).to_numpy()
    has = ~np.isnan(fi)
    created[has] = np.minimum(created[has], fi[has] - 60 - (h2(A['aid'][has], 7) % U64(3600)).astype(float))
    order = np.argsort(E['t'], kind='stable')
    ts = pd.to_datetime(np.round(E['t'][order] * 1e6).astype(np.int64), unit='us', utc=True)
    table = pa.table({
        'account_id': pa.array(ids[E['aid'][order]], pa.string()),
        'timestamp': pa.array(ts, pa.timestamp('us', tz='UTC')),
        'ip': pa.array(E['ip'][order], pa.string()),
        'payment_method': pa.array(E['pm'][order], pa.string()),
        'prompt': pa.array(E['prompt'][order], pa.string()),
        'user_agent': pa.array(E['ua'][order], pa.string()),
        'output_tokens': pa.array(E['tok'][order], pa.int64()),
        'model': pa.array(E['model'][order], pa.string()),
        'api_key_id': pa.array(E['key'][order], pa.string()),
    })
    pq.write_table(table, out / 'events.parquet', compression='zstd', row_group_size=200_000)
    perm = W.rng.permutation(n_acc)
    cre = pd.to_datetime(np.round(created).astype(np.int64), unit='s', utc=True).strftime('%Y-%m-%dT%H:%M:%SZ')
    accounts = pd.DataFrame({'account_id': ids, 'created_at': cre, 'payment_method': A['pm'], 'email_domain': A['email'],
                             'country': A['country'], 'org_id': A['org']}).iloc[perm]
    accounts.to_csv(out / 'accounts.csv', index=False)
    truth = pd.DataFrame({'account_id': ids, 'is_ring': A['is_ring'], 'ring_id': A['ring'], 'group_id': A['group'],
                          'cohort': A['cohort'], 'variant': A['variant']}).iloc[perm]
    truth.to_csv(out / 'truth.csv', index=False)
    ev_per = pd.Series(E['aid']).map(pd.Series(A['cohort'], index=A['aid'])).value_counts()
    acc_per = pd.Series(A['cohort']).value_counts()
    n_ev_acc = pd.Series(E['aid']).value_counts()
    for rg in W.rings:
        m = A['ring'] == rg['ring_id']
        rg['events'] = int(n_ev_acc.reindex(A['aid'][m]).fillna(0).sum())
    grouped = int(acc_per.drop(['individual', 'ring', 'heavy_app'], errors='ignore').sum())
    info = {
        'generator': 'benchmarks/world8.py',
        'parameters': {'accounts': args.accounts, 'seed': args.seed, 'ring_share': args.ring_share, 'ring_sizes': args.ring_sizes},
        'window': {'start': pd.Timestamp(W.T0, unit='s', tz='UTC').isoformat(), 'days': W.D},
        'limits': {'daily_requests_per_account': DAILY_REQUEST_LIMIT, 'daily_output_tokens_per_account': DAILY_TOKEN_LIMIT,
                   'max_output_tokens': MAX_OUTPUT_TOKENS, 'events_dropped_by_caps': n_capped},
        'counts': {'accounts': n_acc, 'events': int(len(E['aid'])), 'ring_accounts': int(A['is_ring'].sum()),
                   'rings': len(W.rings), 'benign_grouped_accounts': grouped,
                   'benign_grouped_per_ring_account': round(grouped / max(1, int(A['is_ring'].sum())), 1),
                   'accounts_per_cohort': {k: int(v) for k, v in acc_per.items()},
                   'events_per_cohort': {k: int(v) for k, v in ev_per.items()},
                   'promptsource_templates_usable': W.n_ps_templates},
        'rings': W.rings,
        'seconds': round(time.time() - t0, 1),
    }
    json.dump(info, open(out / 'world.json', 'w'), indent=1, default=lambda o: o.item() if hasattr(o, 'item') else str(o))
    return info


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--accounts', type=int, default=20000)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--ring-share', type=float, default=0.002)
    ap.add_argument('--ring-sizes', choices=['small', 'mixed', 'large'], default='small')
    ap.add_argument('--out', required=True)
    args = ap.parse_args(argv)
    W, t0 = build(args)
    info = finish(W, t0, args)
    c = info['counts']
    print('world8: %d accounts, %d events, %d ring accounts in %d rings, %.1fs -> %s'
          % (c['accounts'], c['events'], c['ring_accounts'], c['rings'], info['seconds'], args.out))


def shared_dir():
    env = os.environ.get('WORLD8_SHARED_DATA')
    here = Path(__file__).resolve()
    for c in ([Path(env)] if env else []) + [here.parents[2] / 'shared' / 'data', Path('/work/shared/data')]:
        if (c / 'prompts').exists() and (c / 'ip').exists():
            return c
    raise SystemExit('shared data not found: set WORLD8_SHARED_DATA')


if __name__ == '__main__':
    main()
