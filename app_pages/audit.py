"""監査ログ: who did what and when (管理 only), filtered, and exported as CSV."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from app_pages.common import CHOOSE, author_name, init_state, page_user, resources, show_message
from assistant import audit
from assistant.users import allowed

init_state()
store, retriever = resources()
user = page_user(store)
st.title("監査ログ（操作記録）")
show_message()
if not allowed(user, "view_audit"):
    st.error("監査ログを見られるのは、役割「管理」を持つ人だけです。")
    st.stop()

left, middle, right = st.columns(3)
logged = audit.actors(store)  # not every entry: a 200,000-comment batch writes as many
accounts = {username: ("username", username) for username, _ in logged if username}
typed = {f"{name}（ログインなし）": ("typed_name", name) for username, name in logged if not username}
people = {**dict(sorted(accounts.items())), **dict(sorted(typed.items()))}  # accounts, then names typed with logins off
who = left.selectbox("ユーザー名・担当者名", ["（すべて）", *people], key="audit_user", placeholder=CHOOSE)
labels = {label: action for action, label in audit.ACTIONS.items()}
what = middle.selectbox("操作", ["（すべて）", *labels], key="audit_action", placeholder=CHOOSE)
SHOWN_AT_MOST = 100_000
limit = right.number_input("表示する件数（新しい順）", min_value=10, max_value=SHOWN_AT_MOST, value=500, step=100,
                           key="audit_limit")
person = {} if who == "（すべて）" else dict([people[who]])
action = None if what == "（すべて）" else labels[what]
matching = audit.count(store, **person, action=action)
found = audit.entries(store, **person, action=action, limit=int(limit))
st.dataframe(pd.DataFrame([entry.row() for entry in found], columns=list(audit.CSV_HEADERS)), hide_index=True,
             width="stretch")
if matching > len(found):  # the CSV holds the rows shown: say that older ones are left out of both
    st.caption(f"条件に合う {matching:,} 件のうち、新しい {len(found):,} 件を表示しています。CSV にもこの {len(found):,} 件が入ります"
               + (f"（すべてを書き出すには、表示する件数を {matching:,} 以上にしてください）。" if matching <= SHOWN_AT_MOST else
                  "（すべては、サーバーで `python -m assistant audit --csv ファイル` を実行すると書き出せます）。"))
else:
    st.caption(f"{len(found):,} 件を表示しています。")


# The file, and its entry, are made by audit.csv_export when the button is pressed: a user demoted or removed since the
# page was drawn gets neither (the browser says the file could not be made; the page's next run says why). No rerun on
# the click ("ignore"): a rerun dropped the deferred file before the browser fetched it (「Deferred file … not found」).
st.download_button("CSV で書き出す", partial(audit.csv_export, store, user, found, anonymous=author_name(user)),
                   file_name="audit-log.csv", mime="text/csv", key="audit_export", on_click="ignore")
