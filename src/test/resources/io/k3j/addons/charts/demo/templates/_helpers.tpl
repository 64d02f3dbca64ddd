{{- define "demo.fullname" -}}
{{ .Release.Name }}-demo
{{- end -}}

{{- define "demo.labels" -}}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}
